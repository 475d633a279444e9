import Foundation
import KubernetesModel
import YAMLEditing

/// Flux v1 manifest generation (`--manifest-generation`): runs the generators of a
/// `.flux.yaml`, applies its patch file, and carries out the updates a release or a policy
/// change asks for (updater commands, or edits of the patch file).
///
/// Commands run with `/bin/sh -c` in the target path (the `--git-path` the file was found
/// for, not necessarily the file's own directory), with the inherited environment; updaters
/// also get Flux's `FLUX_*` variables. Each command is stopped after `timeout`.
public struct ManifestGeneration: Sendable {
    /// The repository working tree (absolute); updates write into it.
    public var root: String
    /// How long one generator or updater may run (Flux v1: one minute).
    public var timeout: Duration
    /// The namespace of generated objects that name none, for matching workload IDs.
    public var defaultNamespace: String

    public init(root: String, timeout: Duration = .seconds(60), defaultNamespace: String = "default") {
        self.root = root
        self.timeout = timeout
        self.defaultNamespace = defaultNamespace
    }

    /// What an update did.
    public struct Update: Sendable, Hashable {
        /// Whether anything was (or, for updater commands, is assumed to have been) changed.
        public var changed: Bool
        /// Files written, relative to the root (the patch file); empty for updater commands,
        /// which may change any file.
        public var files: [String]
    }

    /// The `.flux.yaml` governing a target path; `nil` when there is none or it says
    /// `files` (plain manifests).
    public func configuration(forPath path: String) throws(ManifestGenerationError) -> GenerationConfig? {
        guard let config = try GenerationConfig.find(root: root, target: Self.normalize(path)), config.mode != .files else {
            return nil
        }
        return config
    }

    /// Runs the generators in order and returns their objects, patched for `patchUpdated`.
    /// The first failing generator ends the run with an error naming it.
    public func generate(_ config: GenerationConfig) async throws(ManifestGenerationError) -> [JSONValue] {
        let generated = try await runGenerators(config)
        guard let patchPath = config.patchFilePath else { return generated }
        return try readPatchFile(patchPath, config: config).apply(to: generated)
    }

    /// The configuration (among the target `paths`) whose output holds `workload`
    /// (`namespace:kind/name`), or `nil` when none does.
    public func configuration(generating workload: String, paths: [String]) async throws(ManifestGenerationError)
        -> GenerationConfig?
    {
        let selector = try Self.selector(workload, file: "")
        for path in paths.isEmpty ? [""] : paths {
            guard let config = try configuration(forPath: path) else { continue }
            if find(selector, in: try await generate(config)) != nil { return config }
        }
        return nil
    }

    /// Sets the image of one container of a generated workload: runs every `containerImage`
    /// updater (`commandUpdated`) or edits the patch file (`patchUpdated`).
    ///
    /// - Parameters:
    ///   - workload: Flux's workload ID, `namespace:kind/name`.
    ///   - image: the full new reference, e.g. `registry:5000/app:1.2`.
    public func updateImage(_ config: GenerationConfig, workload: String, container: String, image: String)
        async throws(ManifestGenerationError) -> Update
    {
        let reference: ImageReference
        do throws(ImageReferenceError) {
            reference = try ImageReference(parsing: image)
        } catch {
            throw ManifestGenerationError(.invalidValue, file: config.file, message: error.description)
        }
        let selector = try Self.selector(workload, file: config.file)
        switch config.mode {
        case .commandUpdated(_, let updaters):
            let commands = updaters.compactMap(\.containerImage)
            guard !commands.isEmpty else {
                throw ManifestGenerationError(
                    .noUpdaters, file: config.file,
                    message:
                        "no updaters.containerImage commands to run (from path \(config.workingDirectory.isEmpty ? "." : config.workingDirectory))"
                )
            }
            _ = try await generatedWorkload(selector, config: config)
            var environment = workloadEnvironment(selector)
            environment["FLUX_CONTAINER"] = container
            environment["FLUX_IMG"] = reference.name
            environment["FLUX_TAG"] = reference.tag ?? ""
            for command in commands {
                _ = try await runner.run(command, of: config, environment: environment)
            }
            return Update(changed: true, files: [])
        case .patchUpdated:
            let generated = try await runGenerators(config)
            if let object = find(selector, in: generated), HelmReleaseImages.isHelmRelease(apiVersion: object.apiVersion, kind: object.kind)
            {
                // A HelmRelease's images are in its values (Flux v1's HelmRelease setters).
                let wanted = FluxImageRef(parsing: image)
                func current(_ target: JSONValue) -> FluxImageRef? {
                    HelmReleaseImages.containers(of: target).first { $0.name == container }?.image
                }
                return try await editPatch(config, selector: selector, generated: generated) { target throws(ManifestGenerationError) in
                    guard let running = current(target) else {
                        throw ManifestGenerationError(
                            .workloadNotFound, file: config.sourceName,
                            message: "\(workload) has no container \"\(container)\" in the generated manifests")
                    }
                    return running == wanted ? [] : [.image(image, container: container, isInit: false)]
                } verify: { target in
                    current(target) == wanted
                }
            }
            return try await editPatch(config, selector: selector, generated: generated) { target throws(ManifestGenerationError) in
                let podSpec = WorkloadManifest.podSpecPaths[target.kind ?? ""] ?? ["spec", "template", "spec"]
                for (field, isInit) in [("containers", false), ("initContainers", true)] {
                    for item in target[path: podSpec + [field]]?.arrayValue ?? [] where item["name"]?.stringValue == container {
                        if item["image"]?.stringValue == image { return [] }
                        return [.image(image, container: container, isInit: isInit)]
                    }
                }
                throw ManifestGenerationError(
                    .workloadNotFound, file: config.sourceName,
                    message: "\(workload) has no container \"\(container)\" in the generated manifests")
            } verify: { target in
                let podSpec = WorkloadManifest.podSpecPaths[target.kind ?? ""] ?? ["spec", "template", "spec"]
                return (target[path: podSpec + ["containers"]]?.arrayValue ?? [])
                    .contains { $0["name"]?.stringValue == container && $0["image"]?.stringValue == image }
                    || (target[path: podSpec + ["initContainers"]]?.arrayValue ?? [])
                        .contains { $0["name"]?.stringValue == container && $0["image"]?.stringValue == image }
            }
        case .files:
            throw ManifestGenerationError(.invalidConfig, file: config.file, message: "a files configuration generates nothing")
        }
    }

    /// Sets (or with `value == nil` removes) a policy of a generated workload: runs every
    /// `policy` updater (`commandUpdated`) or edits the patch file (`patchUpdated`).
    ///
    /// - Parameters:
    ///   - key: the policy name (`automated`, `tag.web`) or its annotation
    ///     (`fluxcd.io/automated`); updaters get the name as `FLUX_POLICY`.
    public func updatePolicy(_ config: GenerationConfig, workload: String, key: String, value: String?)
        async throws(ManifestGenerationError) -> Update
    {
        let selector = try Self.selector(workload, file: config.file)
        let policy = PolicyKey.policyName(key)
        guard !policy.isEmpty else {
            throw ManifestGenerationError(.invalidValue, file: config.file, message: "empty policy name")
        }
        let annotation = PolicyKey.annotation(key)
        switch config.mode {
        case .commandUpdated(_, let updaters):
            let commands = updaters.compactMap(\.policy)
            guard !commands.isEmpty else {
                throw ManifestGenerationError(
                    .noUpdaters, file: config.file,
                    message:
                        "no updaters.policy commands to run (from path \(config.workingDirectory.isEmpty ? "." : config.workingDirectory))")
            }
            _ = try await generatedWorkload(selector, config: config)
            var environment = workloadEnvironment(selector)
            environment["FLUX_POLICY"] = policy
            environment["FLUX_POLICY_VALUE"] = value
            for command in commands {
                _ = try await runner.run(command, of: config, environment: environment)
            }
            return Update(changed: true, files: [])
        case .patchUpdated:
            func current(_ object: JSONValue) -> String?? {
                let annotations = object[path: ["metadata", "annotations"]]?.objectValue ?? JSONObject()
                for alias in PolicyKey.aliases(of: annotation) where annotations[alias] != nil {
                    return .some(annotations[alias]?.stringValue)
                }
                return .none
            }
            let generated = try await runGenerators(config)
            // The key the generator writes (either prefix), which a removal must null out.
            let generatedKey = find(selector, in: generated).flatMap { object in
                PolicyKey.aliases(of: annotation).first { object[path: ["metadata", "annotations", $0]] != nil }
            }
            return try await editPatch(config, selector: selector, generated: generated) { target in
                let now = current(target)
                if let value {
                    if now == .some(value) { return [] }
                    // Under the key the generator writes, when it writes one: a second key under
                    // the other prefix would leave two values for one policy.
                    return [.annotation(generatedKey ?? annotation, .string(value))]
                }
                if now == nil { return [] }
                // Drop what the patch sets, and null out what the generator writes.
                return [.removeAnnotation(annotation)] + (generatedKey.map { [.annotation($0, .null)] } ?? [])
            } verify: { target in
                value.map { current(target) == .some($0) } ?? (current(target) == nil)
            }
        case .files:
            throw ManifestGenerationError(.invalidConfig, file: config.file, message: "a files configuration generates nothing")
        }
    }

    // MARK: - Internals

    var runner: GenerationCommandRunner { GenerationCommandRunner(root: root, timeout: timeout) }

    func runGenerators(_ config: GenerationConfig) async throws(ManifestGenerationError) -> [JSONValue] {
        var objects: [JSONValue] = []
        for generator in config.generators {
            let output = try await runner.run(generator, of: config)
            do throws(YAMLConversionError) {
                for document in try JSONValue.yamlDocuments(output) {
                    if document.value["kind"]?.stringValue?.hasSuffix("List") == true, let items = document.value["items"]?.arrayValue {
                        objects += items
                    } else {
                        objects.append(document.value)
                    }
                }
            } catch {
                throw ManifestGenerationError(
                    .invalidOutput, file: config.file, line: generator.line, command: generator.command,
                    message: "generator output is not a YAML stream (output \(error.description))")
            }
        }
        return objects
    }

    func readPatchFile(_ path: String, config: GenerationConfig) throws(ManifestGenerationError) -> PatchFile {
        let absolute = "\(root)/\(path)"
        // Read and later written: a symlink out of the checkout must not be followed.
        let patchLine: Int? = if case .patchUpdated(_, _, let line) = config.mode { line } else { nil }
        try RepositoryPath.requireInside(path, root: root, what: "patchFile", file: config.file, line: patchLine)
        guard FileManager.default.fileExists(atPath: absolute) else {
            // Flux tolerates a missing patch file (no updates yet) if its directory exists.
            var isDirectory: ObjCBool = false
            let directory = (absolute as NSString).deletingLastPathComponent
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                let line: Int? = if case .patchUpdated(_, _, let line) = config.mode { line } else { nil }
                throw ManifestGenerationError(
                    .invalidPatch, file: config.file, line: line,
                    message: "the directory of patchFile \(path) does not exist")
            }
            return PatchFile(path: path)
        }
        let text: String
        do {
            text = try String(contentsOfFile: absolute, encoding: .utf8)
        } catch {
            throw ManifestGenerationError(.unreadable, file: path, message: "cannot read: \(error.localizedDescription)")
        }
        return try PatchFile(path: path, text: text)
    }

    /// The common flow of patch-file updates: generate, patch, decide the change from the
    /// current (patched) object, edit, verify by patching again, write.
    func editPatch(
        _ config: GenerationConfig, selector: WorkloadID, generated: [JSONValue]? = nil,
        change: (JSONValue) throws(ManifestGenerationError) -> [PatchFile.Change],
        verify: (JSONValue) -> Bool
    ) async throws(ManifestGenerationError) -> Update {
        guard let patchPath = config.patchFilePath else {
            throw ManifestGenerationError(.invalidConfig, file: config.file, message: "not a patchUpdated configuration")
        }
        let generatedObjects: [JSONValue]
        if let generated { generatedObjects = generated } else { generatedObjects = try await runGenerators(config) }
        var patchFile = try readPatchFile(patchPath, config: config)
        let patched = try patchFile.apply(to: generatedObjects)
        guard let target = find(selector, in: patched) else {
            throw ManifestGenerationError(
                .workloadNotFound, file: config.sourceName, message: "\(selector) is not among the generated objects")
        }
        let edits = try change(target)
        guard !edits.isEmpty else { return Update(changed: false, files: []) }
        let before = patchFile.text
        for edit in edits { try patchFile.edit(edit, target: target) }
        let text = patchFile.text
        let reread = try PatchFile(path: patchPath, text: text)
        guard let result = find(selector, in: try reread.apply(to: generatedObjects)), verify(result) else {
            throw ManifestGenerationError(
                .invalidPatch, file: patchPath, message: "the edited patch does not produce the requested value; nothing was written")
        }
        guard text != before else { return Update(changed: false, files: []) }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(root)/\(patchPath)"), options: .atomic)
        } catch {
            throw ManifestGenerationError(.unreadable, file: patchPath, message: "cannot write: \(error.localizedDescription)")
        }
        return Update(changed: true, files: [patchPath])
    }

    func generatedWorkload(_ selector: WorkloadID, config: GenerationConfig) async throws(ManifestGenerationError)
        -> JSONValue
    {
        guard let object = find(selector, in: try await generate(config)) else {
            throw ManifestGenerationError(
                .workloadNotFound, file: config.sourceName, message: "\(selector) is not among the generated objects")
        }
        return object
    }

    func find(_ selector: WorkloadID, in objects: [JSONValue]) -> JSONValue? {
        objects.first { object in
            guard let kind = object.kind, let name = object.name else { return false }
            return selector.matches(kind: kind, name: name, namespace: object.namespace, defaultNamespace: defaultNamespace)
        }
    }

    func workloadEnvironment(_ selector: WorkloadID) -> [String: String?] {
        let namespace = selector.namespace
        let kind = selector.kind
        return [
            "FLUX_WORKLOAD": "\(namespace):\(kind)/\(selector.name)", "FLUX_WL_NS": namespace, "FLUX_WL_KIND": kind,
            "FLUX_WL_NAME": selector.name, "FLUX_CONTAINER": nil, "FLUX_IMG": nil, "FLUX_TAG": nil, "FLUX_POLICY": nil,
            "FLUX_POLICY_VALUE": nil,
        ]
    }

    static func selector(_ workload: String, file: String) throws(ManifestGenerationError) -> WorkloadID {
        guard let selector = WorkloadID(parsing: workload) else {
            throw ManifestGenerationError(
                .invalidValue, file: file, message: "invalid workload ID \"\(workload)\" (expected namespace:kind/name)")
        }
        return selector
    }

    static func normalize(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }
}

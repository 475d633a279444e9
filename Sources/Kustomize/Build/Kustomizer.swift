import KubernetesModel

/// Renders a kustomization directory natively, producing what `kubectl kustomize DIR`
/// (kustomize v5) produces: same objects, same order, same YAML bytes.
public struct Kustomizer: Sendable {
    /// Whether `resources:` and `components:` may name remote URLs
    /// (`--enable-remote-resources`). Off (the default), such entries are refused with
    /// `remoteResource`, so a render never depends on the network. On, git URLs are cloned
    /// with the system git and `http(s)://` manifest files are fetched, as kustomize v5 does
    /// (see README, "Remote resources").
    public var allowRemoteResources: Bool
    /// Reads the contents of files (the local disk by default).
    public var reader: any KustomizeFileReader

    public init(allowRemoteResources: Bool = false, reader: any KustomizeFileReader = LocalFileReader()) {
        self.allowRemoteResources = allowRemoteResources
        self.reader = reader
    }

    /// The rendered objects in output order.
    public func build(directory: String) async throws(KustomizeError) -> [JSONValue] {
        do {
            return try await FileLoader.$reader.withValue(reader) {
                try await buildResources(directory: directory).map(\.object)
            }
        } catch let error as KustomizeError {
            throw error
        } catch {
            throw KustomizeError(.invalidField, file: directory, "\(error)")
        }
    }

    /// The rendered YAML stream, byte for byte as `kubectl kustomize` prints it.
    public func render(directory: String) async throws(KustomizeError) -> String {
        let objects = try await build(directory: directory)
        return Self.render(objects)
    }

    /// Prints objects as a kustomize YAML stream (documents separated by `---`).
    public static func render(_ objects: [JSONValue]) -> String {
        objects.map(YAMLEmitter.render).joined(separator: "---\n")
    }

    /// An object as its printed YAML reads back, without printing and parsing: map keys in
    /// the printer's order, and floats with an integral value as integers (`1e3` prints as
    /// `1000`). What the manifest loader gets from the native renderer equals what it would
    /// get by parsing `kubectl kustomize` output.
    public static func asPrinted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let number) where number.isFinite && number.rounded() == number && abs(number) < 9.2e18:
            return .integer(Int64(number))
        case .array(let items):
            return .array(items.map(asPrinted))
        case .object(let object):
            var result = JSONObject()
            for key in object.keys.sorted(by: GoYAMLKeyOrder.less) {
                if let item = object[key] { result[key] = asPrinted(item) }
            }
            return .object(result)
        default:
            return value
        }
    }

    func buildResources(directory: String) async throws -> [Resource] {
        let root = FileLoader.resolve(directory, in: ".")
        var context = BuildContext(allowRemoteResources: allowRemoteResources)
        var kustomization = try await FileLoader.loadKustomization(directory: root, referencedFrom: nil, field: nil)
        if kustomization.isComponent {
            kustomization.fields["kind"] = "Kustomization"
        }
        let metadata = try BuildMetadata(kustomization)
        if metadata.transformers { context.annotationRoot = root }
        if metadata.origins { context.originRoot = root }
        var resources = try await context.accumulate(kustomization)
        // Done once, at the top: hashes, then references to the new names.
        for index in resources.indices where resources[index].needsHashSuffix {
            let hash = NameHasher.hash(resources[index].object)
            resources[index].storePreviousID()
            resources[index].setName("\(resources[index].name)-\(hash)")
        }
        try NameReferenceFixer.fix(&resources, rules: context.config.nameReference)
        try VarResolver.resolve(context.vars, specs: context.config.varReference, resources: &resources)
        metadata.finish(&resources)
        // Objects marked `config.kubernetes.io/local-config: "true"` take part in the build
        // (name references, replacements) but are not output, as in kustomize.
        resources.removeAll { $0.object["metadata"]?["annotations"]?["config.kubernetes.io/local-config"]?.stringValue == "true" }
        // kustomize strips its internal annotations at the end and drops the map when it is
        // left empty, so an empty `metadata.annotations` never reaches the output.
        // Annotations are strings by then (kustomize reads them back as strings).
        for index in resources.indices {
            guard let annotations = resources[index].object["metadata"]?["annotations"]?.objectValue else { continue }
            if annotations.isEmpty {
                resources[index].object["metadata"]?["annotations"] = nil
            } else if annotations.contains(where: { $0.value.stringValue == nil }) {
                var strings = JSONObject()
                for (key, value) in annotations { strings[key] = .string(KYAMLDecoder.annotationText(value)) }
                resources[index].object["metadata"]?["annotations"] = .object(strings)
            }
        }
        return try Self.order(resources, kustomization: kustomization)
    }

    /// `sortOptions`: legacy (kind order) by default, or FIFO; given, `order` must be one of them.
    static func order(_ resources: [Resource], kustomization: Kustomization) throws -> [Resource] {
        guard let options = kustomization["sortOptions"]?.objectValue else {
            return ResourceOrdering().sort(resources)
        }
        // kustomize validates the top kustomization's sortOptions only (bases' are ignored).
        switch options["order"]?.stringValue ?? "" {
        case "fifo":
            if let legacy = options["legacySortOptions"], !legacy.isNull {
                throw KustomizeError(
                    .invalidField, file: kustomization.file, field: "sortOptions.legacySortOptions",
                    "the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'")
            }
            return resources
        case "legacy":
            var ordering = ResourceOrdering()
            if let legacy = options["legacySortOptions"]?.objectValue {
                ordering.first = legacy["orderFirst"]?.arrayValue?.compactMap(\.stringValue) ?? []
                ordering.last = legacy["orderLast"]?.arrayValue?.compactMap(\.stringValue) ?? []
            }
            return ordering.sort(resources)
        default:
            throw KustomizeError(
                .invalidField, file: kustomization.file, field: "sortOptions.order",
                "the field 'sortOptions.order' must be one of [fifo, legacy]")
        }
    }
}

/// State of one build: the kustomizations being visited (to detect cycles).
struct BuildContext {
    var visiting: [String] = []
    var allowRemoteResources = false
    /// Remote entries being built (outermost first), to detect repository cycles.
    var remoteStack: [String] = []
    /// The top directory when transformer annotations are recorded (`buildMetadata`).
    var annotationRoot: String?
    /// The top directory when origin annotations are recorded (`buildMetadata`).
    var originRoot: String?

    /// The transformer configuration of the kustomization being accumulated: defaults, its
    /// `configurations`/`crds`, and its bases' (a base's additions reach its parents).
    var config = TransformerConfig.empty
    /// Vars declared so far at this level and below, by name.
    var vars: [String: Var] = [:]

    /// kustomize's `AccumulateTarget` for a base: its resources; its configuration and
    /// vars join the caller's.
    mutating func accumulate(_ kustomization: Kustomization) async throws -> [Resource] {
        let outerConfig = config
        let outerVars = vars
        config = .empty
        vars = [:]
        var resources: [Resource] = []
        try await accumulate(kustomization, into: &resources)
        let innerConfig = config
        let innerVars = vars
        config = outerConfig
        vars = outerVars
        try config.merge(innerConfig, file: kustomization.file)
        for (name, variable) in innerVars.sorted(by: { $0.key < $1.key }) {
            if vars[name] != nil {
                throw KustomizeError(.invalidField, file: variable.file, field: variable.field, "var '\(name)' already encountered")
            }
            vars[name] = variable
        }
        return resources
    }

    /// The texts of the entries that are local files, read concurrently, by entry index (a
    /// kustomization listing hundreds of files would otherwise wait for each read in turn).
    /// A file that cannot be read is left out: it is read again in order, and its error is
    /// reported there.
    static func prefetch(_ entries: [String], in kustomization: Kustomization) async -> [Int: String] {
        var files: [(Int, String)] = []
        for (index, entry) in entries.enumerated() where !FileLoader.isRemote(entry) {
            let path = FileLoader.resolve(entry, in: kustomization.directory)
            if !FileLoader.isDirectory(path) && FileLoader.exists(path) { files.append((index, path)) }
        }
        guard files.count > 1 else { return [:] }
        let file = kustomization.file
        let texts = await concurrentMap(files, limit: 16) { entry in
            // try?: a failed read is repeated in order by the caller, which reports it.
            (entry.0, try? await FileLoader.readText(entry.1, kustomization: file, field: "resources"))
        }
        var result: [Int: String] = [:]
        for case (let index, let text?) in texts { result[index] = text }
        return result
    }

    mutating func accumulate(_ kustomization: Kustomization, into resources: inout [Resource]) async throws {
        let file = kustomization.file
        visiting.append(kustomization.directory)
        defer { visiting.removeLast() }
        var entries = try kustomization.stringList("resources").map { ($0, "resources") }
        entries += try kustomization.stringList("bases").map { ($0, "bases") }
        let prefetched = await Self.prefetch(entries.map(\.0), in: kustomization)
        var known = Set(resources.map { $0.currentID.normalized })
        for (index, (entry, key)) in entries.enumerated() {
            let field = "\(key)[\(index)]"
            let path = FileLoader.resolve(entry, in: kustomization.directory)
            var loaded: [Resource]
            if FileLoader.isRemote(entry) {
                guard allowRemoteResources else {
                    throw KustomizeError(
                        .remoteResource, file: file, field: field,
                        "remote resource '\(Redaction.redact(entry))' is refused: remote resources are disabled (enable them with --enable-remote-resources on fluxd or fluxctl, or vendor it into the repository)"
                    )
                }
                loaded = try await accumulateRemote(entry, file: file, field: field)
            } else if FileLoader.isDirectory(path) {
                try RemoteRestriction.checkDirectory(path, kustomization: file, field: field)
                if visiting.contains(path) {
                    throw KustomizeError(.cycle, file: file, field: field, "cycle detected: '\(path)' includes itself")
                }
                let child = try await FileLoader.loadKustomization(directory: path, referencedFrom: file, field: field)
                if child.isComponent {
                    throw KustomizeError(
                        .invalidField, file: file, field: field,
                        "expected kind 'Kustomization' for '\(child.file)' but got 'Component'")
                }
                loaded = try await accumulate(child)
            } else if let text = prefetched[index] {
                loaded = try FileLoader.parseResources(text, origin: path, kustomization: file, field: field)
            } else if FileLoader.exists(path) {
                loaded = try await FileLoader.loadResources(path: path, kustomization: file, field: field)
            } else {
                throw KustomizeError(
                    .missingFile, file: file, field: field, "accumulating resources: '\(path)' does not exist")
            }
            BuildMetadata.setOrigin(&loaded, root: originRoot)
            for resource in loaded {
                let id = resource.currentID
                if !known.insert(id.normalized).inserted {
                    throw KustomizeError(
                        .duplicateResource, file: file, field: field,
                        "may not add resource with an already registered id: \(id)")
                }
                resources.append(resource)
            }
        }
        try await loadConfigurations(kustomization)
        // Components run after this kustomization's generators, before its transformers.
        try await Generators(kustomization: kustomization).run(into: &resources)
        let plugins = BuiltinPlugins(kustomization: kustomization, config: config)
        for plugin in try await pluginConfigs("generators", of: kustomization) {
            try await plugins.generate(plugin, into: &resources)
        }
        BuildMetadata.setOrigin(&resources, root: originRoot)
        for (index, entry) in try kustomization.stringList("components").enumerated() {
            let field = "components[\(index)]"
            if FileLoader.isRemote(entry) {
                guard allowRemoteResources else {
                    throw KustomizeError(
                        .remoteResource, file: file, field: field,
                        "remote component '\(Redaction.redact(entry))' is refused: remote resources are disabled (enable them with --enable-remote-resources on fluxd or fluxctl, or vendor it into the repository)"
                    )
                }
                try await accumulateRemoteComponent(entry, file: file, field: field, into: &resources)
                continue
            }
            let path = FileLoader.resolve(entry, in: kustomization.directory)
            try RemoteRestriction.checkDirectory(path, kustomization: file, field: field)
            guard FileLoader.isDirectory(path) else {
                throw KustomizeError(.missingFile, file: file, field: field, "component '\(path)' is not a directory")
            }
            if visiting.contains(path) {
                throw KustomizeError(.cycle, file: file, field: field, "cycle detected: '\(path)' includes itself")
            }
            let component = try await FileLoader.loadKustomization(directory: path, referencedFrom: file, field: field)
            guard component.isComponent else {
                throw KustomizeError(
                    .invalidField, file: file, field: field,
                    "expected kind 'Component' for '\(component.file)' but got '\(component.string("kind") ?? "Kustomization")'")
            }
            try await accumulate(component, into: &resources)
        }
        var transformations = Transformations(kustomization: kustomization, config: config)
        transformations.annotationRoot = annotationRoot
        try await transformations.run(on: &resources)
        for plugin in try await pluginConfigs("transformers", of: kustomization) {
            try await plugins.transform(plugin, resources: &resources)
            BuildMetadata.recordPluginTransformer(plugin, root: annotationRoot, on: &resources)
        }
        for plugin in try await pluginConfigs("validators", of: kustomization) {
            _ = try plugins.builtinKind(plugin, allowed: [], key: "validators")
        }
        try VarResolver.bind(try Var.list(kustomization), known: &vars, resources: &resources)
    }
}

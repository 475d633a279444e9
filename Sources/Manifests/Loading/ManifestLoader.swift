import Foundation
import KubernetesModel
import Logging

/// Loads every object under the configured paths of a checked-out tree (`--git-path`):
/// plain YAML/JSON files and kustomizations, then defaults namespaces and rejects duplicates.
///
/// All or nothing: `load` either returns every object or throws `ManifestLoadFailure` with
/// every error found. There is no partial result to mistake for success, so the daemon can
/// never prune on the strength of a half-read repository.
public struct ManifestLoader: Sendable {
    /// The tree's root directory (an exported revision).
    public var root: String
    /// Paths relative to the root; empty means the root.
    public var paths: [String]
    public var kustomize: KustomizeRenderer
    /// How many files are parsed (and kustomizations rendered) at once.
    public var concurrency: Int
    /// Honour `.flux.yaml` files (`--manifest-generation`): a path governed by one (in the
    /// path or a parent directory) is loaded from its generators instead of its files.
    public var manifestGeneration: Bool
    /// How long one `.flux.yaml` generator may run.
    public var generationTimeout: Duration
    /// SOPS-encrypted files: decrypted in memory with `--sops`, else refused by name.
    public var decryption: ManifestDecryption = .off
    /// File, document and object sizes, depth, aliases and counts (fluxd's `--manifest-max-*`).
    public var limits: ManifestLimits

    public init(
        root: String, paths: [String] = [], kustomize: KustomizeRenderer = .automatic(),
        concurrency: Int = max(2, ProcessInfo.processInfo.activeProcessorCount),
        manifestGeneration: Bool = false, generationTimeout: Duration = .seconds(60), limits: ManifestLimits = .default
    ) {
        self.root = root
        self.paths = paths
        self.kustomize = kustomize
        self.concurrency = max(1, concurrency)
        self.manifestGeneration = manifestGeneration
        self.generationTimeout = generationTimeout
        self.limits = limits
    }

    /// Loads the objects.
    ///
    /// - Parameters:
    ///   - defaultNamespace: `--k8s-default-namespace`, else `default`.
    ///   - isNamespaced: the scope oracle (discovery). When `nil`, namespaces are left as
    ///     written and duplicates are compared as written.
    public func load(
        defaultNamespace: String = "default", isNamespaced: NamespaceScopeOracle?, logger: Logger
    ) async throws(ManifestLoadFailure) -> ManifestSet {
        // Every YAML reader below (kustomize's included) applies these limits.
        let result = await YAMLLimits.$current.withValue(limits.yaml) {
            await loadWithinLimits(defaultNamespace: defaultNamespace, isNamespaced: isNamespaced, logger: logger)
        }
        return try result.get()
    }

    func loadWithinLimits(
        defaultNamespace: String, isNamespaced: NamespaceScopeOracle?, logger: Logger
    ) async -> Result<ManifestSet, ManifestLoadFailure> {
        let walker = ManifestTreeWalker(root: root)
        // With --manifest-generation, paths governed by a .flux.yaml come from its generators.
        let (plainPaths, configs, generationErrors) = manifestGeneration ? splitGenerated(paths) : (paths, [], [])
        var entries: [ManifestTreeWalker.Entry] = []
        var walkErrors: [ManifestError] = []
        if !manifestGeneration || !plainPaths.isEmpty {
            (entries, walkErrors) = walker.entries(paths: plainPaths)
        }
        var budget = LoadBudget(limits: limits)
        var outputs = await decode(entries, budget: &budget)
        if budget.exceeded == nil {
            for output in await generate(configs) {
                budget.count(output, source: output.manifests.first?.source.path ?? ".")
                outputs.append(output)
            }
        }
        var manifests: [Manifest] = []
        var warnings: [ManifestWarning] = []
        var errors = walkErrors + generationErrors
        for output in outputs {
            manifests += output.manifests
            warnings += output.warnings
            errors += output.errors
        }
        if let exceeded = budget.exceeded { errors.append(exceeded) }
        errors += ObjectSizeCheck.errors(in: manifests, limit: limits.maxObjectBytes)
        for warning in warnings {
            logger.warning(
                "manifest document skipped",
                metadata: [
                    "file": "\(warning.source.path)", "line": "\(warning.source.line.map(String.init) ?? "-")",
                    "reason": "\(warning.message)",
                ])
        }
        if let isNamespaced {
            let defaulted = await NamespaceDefaulting.apply(
                to: manifests, defaultNamespace: defaultNamespace, isNamespaced: isNamespaced)
            manifests = defaulted.manifests
            errors += defaulted.errors
        }
        errors += DuplicateCheck.errors(in: manifests)
        guard errors.isEmpty else {
            logger.debug("manifests failed to load", metadata: ["errors": "\(errors.count)"])
            return .failure(ManifestLoadFailure(errors: errors))
        }
        logger.debug("manifests loaded", metadata: ["objects": "\(manifests.count)", "entries": "\(entries.count)"])
        return .success(ManifestSet(manifests: manifests, warnings: warnings))
    }

    /// Decodes entries concurrently (bounded), returning outputs in entry order. Stops starting
    /// new entries once the load's totals exceed the limits, so memory stays bounded.
    func decode(_ entries: [ManifestTreeWalker.Entry], budget: inout LoadBudget) async -> [DocumentDecoder.Output] {
        var outputs = [DocumentDecoder.Output](repeating: DocumentDecoder.Output(), count: entries.count)
        var localBudget = budget
        await concurrentForEach(
            entries, limit: concurrency, { await self.decode($0) },
            collect: { index, output in
                outputs[index] = output
                localBudget.count(output, source: entries[index].displayPath)
                return localBudget.exceeded == nil
            })
        budget = localBudget
        return outputs
    }

    func decode(_ entry: ManifestTreeWalker.Entry) async -> DocumentDecoder.Output {
        switch entry {
        case .file(let path, let json):
            if let tooLarge = sizeError(path) {
                var output = DocumentDecoder.Output()
                output.errors.append(tooLarge)
                return output
            }
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: "\(root)/\(path)"))
            } catch {
                var output = DocumentDecoder.Output()
                output.errors.append(
                    ManifestError(code: .unreadable, file: path, line: nil, message: "cannot read file: \(error.localizedDescription)"))
                return output
            }
            let bytes: [UInt8]
            do {
                bytes = try await decryption.contents(Array(data), path: path, file: path)
            } catch {
                var output = DocumentDecoder.Output()
                output.errors.append(error)
                return output
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                var output = DocumentDecoder.Output()
                output.errors.append(ManifestError(code: .unreadable, file: path, line: nil, message: "file is not UTF-8"))
                return output
            }
            return DocumentDecoder.decode(text, path: path, json: json, limits: limits)
        case .kustomization(let directory):
            let absolute = directory.isEmpty ? root : "\(root)/\(directory)"
            let displayName = directory.isEmpty ? "." : directory
            do throws(ManifestError) {
                switch try await kustomize.render(
                    absoluteDirectory: absolute, relativeDirectory: directory, root: root, decryption: decryption)
                {
                case .objects(let objects):
                    // The native renderer's objects go straight in: no YAML printed and parsed again.
                    var output = DocumentDecoder.Output()
                    let source = ManifestSource(path: displayName, line: nil)
                    for object in objects { DocumentDecoder.add(object, source: source, into: &output) }
                    return output
                case .yaml(let rendered):
                    return DocumentDecoder.decode(rendered, path: displayName, json: false, rendered: true, limits: limits)
                }
            } catch {
                var output = DocumentDecoder.Output()
                output.errors.append(error)
                return output
            }
        }
    }

    /// A file larger than the stream limit is refused before it is read.
    func sizeError(_ path: String) -> ManifestError? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: "\(root)/\(path)")  // unreadable: reported by the read
        guard let size = (attributes?[.size] as? NSNumber)?.intValue, size > limits.yaml.maxStreamBytes else { return nil }
        return ManifestError(
            code: .limitExceeded, file: path, line: nil,
            message:
                "the file is \(ByteSize.approximate(size)), more than the limit of \(ByteSize(bytes: limits.yaml.maxStreamBytes)); it was not read (fluxd --manifest-max-file-size)"
        )
    }
}

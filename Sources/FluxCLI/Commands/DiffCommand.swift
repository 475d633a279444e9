import ApplyEngine
import ArgumentParser
import Foundation
import KubernetesClient
import KubernetesModel
import Kustomize
import Logging
import Manifests

/// `fluxctl diff PATH`: what a sync of PATH would change in the cluster, like `kubectl diff`.
/// Renders PATH as `build` does, asks the API server for a server-side apply dry run of
/// every object (field manager `flux`, forced, as fluxd applies) and prints a unified diff
/// of the live object against that result, with server-managed noise removed.
///
/// Exit status (kubectl diff's): 0 nothing differs, 1 differences, >1 an error.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what syncing a path would change in the cluster (server-side dry run)",
        discussion: """
            Exit status: 0 when nothing differs, 1 when something does, 2 on errors.
            Headers read `--- live/<namespace>/<Kind>/<name>` and `+++ merged/...`; a new object is all
            added lines. Ignored: managedFields, resourceVersion, generation, uid, creationTimestamp,
            status, fluxd's fluxcd.io/sync-checksum annotation and fluxcd.io/sync-gc-mark label.
            """)

    @Argument(help: "A kustomization directory, a directory of manifests, or a manifest file")
    var path: String

    /// `--kubeconfig`, `--context`, and `--k8s-fwd-ns` (fluxd's namespace, where its inventory
    /// lives, for `--prune`): fluxctl's global flags.
    @OptionGroup var connection: ConnectionOptions

    /// `--manifest-generation`, `--enable-remote-resources`, `--sops`.
    @OptionGroup var rendering: RenderOptions

    @Flag(name: .customLong("prune"), help: "Also show objects of fluxd's inventory that a sync with GC would delete")
    var prune = false

    @Option(
        name: .customLong("k8s-secret-name"),
        help: "fluxd's --k8s-secret-name, which its sync mark is derived from (for --prune)")
    var secretName = "flux-git-deploy"

    @Option(
        name: .customLong("k8s-allow-namespace"),
        help: "fluxd's --k8s-allow-namespace, repeatable (for --prune; objects elsewhere are never pruned)")
    var allowNamespaces: [String] = []

    /// Fields the server or fluxd maintains, left out of both sides.
    static let noiseAnnotation = "fluxcd.io/sync-checksum"

    func run() async throws {
        do {
            if try await differs() { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Prints the diffs; whether there were any.
    func differs() async throws -> Bool {
        var logger = Logger(label: "fluxctl")
        logger.logLevel = .error
        let configuration = try ClusterConfiguration.automatic(
            kubeconfigPath: connection.kubeconfig, context: connection.context)
        return try await KubernetesClient.withClient(configuration, logger: logger) { client in
            var scopes: [GroupKind: Bool] = [:]
            for resource in try await client.preferredResources() where !resource.name.contains("/") {
                scopes[GroupKind(group: resource.group, kind: resource.kind)] = resource.namespaced
            }
            let known = scopes
            let render = rendering.render(path)
            let manifests = try await render.load(
                defaultNamespace: client.defaultNamespace, isNamespaced: { known[$0] }, logger: logger)
            var different = false
            for manifest in manifests {
                if let text = try await diff(manifest, client: client) {
                    FileHandle.standardOutput.write(Data(text.utf8))
                    different = true
                }
            }
            if prune {
                for text in try await pruneDiffs(current: Set(manifests.map(\.key)), client: client) {
                    FileHandle.standardOutput.write(Data(text.utf8))
                    different = true
                }
            }
            return different
        }
    }

    /// The diff of one object, or `nil` when applying it would change nothing.
    func diff(_ manifest: Manifest, client: KubernetesClient) async throws -> String? {
        let key = manifest.key
        let namespace = key.namespace.isEmpty ? nil : key.namespace
        let described = "\(key) (\(manifest.source))"
        var live: JSONValue?
        do {
            live = try await client.get(manifest.groupVersionKind, namespace: namespace, name: key.name)
        } catch {
            guard error.isNotFound || error.isUnknownKind else { throw DiffFailure(object: described, step: "get", error: error) }
        }
        let merged: JSONValue
        do {
            merged = try await client.apply(manifest.object, fieldManager: "flux", force: true, dryRun: true)
        } catch {
            // New in a namespace (or of a CRD) that is itself part of the sync: the server
            // cannot dry-run it yet, so show it as written.
            guard live == nil, error.isNotFound || error.isUnknownKind else {
                throw DiffFailure(object: described, step: "server-side apply dry run", error: error)
            }
            merged = manifest.object
        }
        let name = Self.displayName(key)
        return UnifiedDiff.render(
            old: live.map { Kustomizer.render([Self.withoutNoise($0)]) } ?? "",
            new: Kustomizer.render([Self.withoutNoise(merged)]), oldName: "live/\(name)", newName: "merged/\(name)")
    }

    /// Objects fluxd recorded as applied that are not in PATH any more and that a sync with
    /// garbage collection would delete, shown as removed: ApplyEngine's own `PrunePlan` with
    /// the sync mark fluxd derives (`SyncMark(installationNamespace:secretName:)`), so the
    /// answer is exactly fluxd's.
    func pruneDiffs(current: Set<ObjectKey>, client: KubernetesClient) async throws -> [String] {
        let namespace = connection.namespaces.first ?? "flux"
        let configMap: JSONValue
        do {
            configMap = try await client.get(
                GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"), namespace: namespace, name: Inventory.configMapName)
        } catch {
            if error.isNotFound {
                FileHandle.standardError.write(
                    Data("no inventory ConfigMap \(namespace)/\(Inventory.configMapName): nothing to prune\n".utf8))
                return []
            }
            throw DiffFailure(object: "\(namespace)/\(Inventory.configMapName)", step: "get inventory", error: error)
        }
        let candidates = try Inventory(configMap: configMap).entries.filter { !current.contains($0.key) }
        if let refusal = PrunePlan.refusal(candidates: candidates.count, current: current) {
            FileHandle.standardError.write(Data("fluxd would prune nothing: \(refusal)\n".utf8))
            return []
        }
        var live: [ObjectKey: JSONValue?] = [:]
        for entry in candidates {
            let key = entry.key
            do {
                live[key] = try await client.get(entry.gvk, namespace: key.namespace.isEmpty ? nil : key.namespace, name: key.name)
            } catch {
                if error.isNotFound || error.isUnknownKind { continue }
                throw DiffFailure(object: key.description, step: "get", error: error)
            }
        }
        let plan = PrunePlan.make(
            previous: candidates, current: current, live: live,
            mark: SyncMark(installationNamespace: namespace, secretName: secretName),
            filter: NamespaceFilter(allowed: allowNamespaces))
        var result: [String] = []
        for key in plan.deletions.flatMap({ $0 }) {
            guard let found = live[key], let object = found else { continue }
            let name = Self.displayName(key)
            if let text = UnifiedDiff.render(
                old: Kustomizer.render([Self.withoutNoise(object)]), new: "", oldName: "live/\(name)",
                newName: "merged/\(name)")
            {
                result.append(text)
            }
        }
        return result
    }

    static func displayName(_ key: ObjectKey) -> String {
        key.namespace.isEmpty ? "\(key.kind)/\(key.name)" : "\(key.namespace)/\(key.kind)/\(key.name)"
    }

    /// The object without what the server maintains and what fluxd adds to every object.
    static func withoutNoise(_ object: JSONValue) -> JSONValue {
        var result = object
        result["status"] = nil
        guard var metadata = result["metadata"]?.objectValue else { return result }
        for field in ["managedFields", "resourceVersion", "generation", "uid", "creationTimestamp", "selfLink"] {
            metadata.removeValue(forKey: field)
        }
        for (field, key) in [("annotations", noiseAnnotation), ("labels", SyncMark.label)] {
            guard var map = metadata[field]?.objectValue else { continue }
            map.removeValue(forKey: key)
            if map.isEmpty { metadata.removeValue(forKey: field) } else { metadata[field] = .object(map) }
        }
        result["metadata"] = .object(metadata)
        return result
    }
}

/// A request about one object failed; names the object and what was being done.
struct DiffFailure: Error, CustomStringConvertible {
    var object: String
    var step: String
    var error: KubernetesError

    var description: String { "\(object): \(step) failed: \(error)" }
}

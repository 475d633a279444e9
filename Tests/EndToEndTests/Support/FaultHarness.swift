import CommandRunner
import EmbeddedCluster
import Foundation
import KubernetesClient
import KubernetesModel
import Logging
import TestSupport
import Testing

/// An embedded cluster with injectable API faults (429/500/503) and a `TCPFaultProxy` in front
/// of it: fluxd reaches the cluster through the proxy, the test through neither, so its own
/// checks see the truth.
struct FaultHarness: Sendable {
    let fluxd: FluxdHarness
    let faults: FaultInjector
    let proxy: TCPFaultProxy

    static func withCluster<T: Sendable>(_ body: (FaultHarness) async throws -> T) async throws -> T {
        let directory = try TemporaryDirectory(prefix: "e2e-faults")
        defer { directory.remove() }
        var logger = Logger(label: "embedded")
        logger.logLevel = .critical
        let faults = FaultInjector()
        var configuration = EmbeddedClusterConfiguration(logger: logger)
        configuration.faults = faults
        return try await EmbeddedCluster.withRunning(configuration) { running in
            let proxy = try await TCPFaultProxy.start(upstreamPort: running.port)
            do {
                let direct = directory.path + "/direct.kubeconfig"
                try running.writeKubeconfig(to: direct)
                let proxied = directory.path + "/proxied.kubeconfig"
                try running.kubeconfig().replacingOccurrences(of: ":\(running.port)", with: ":\(proxy.port)")
                    .write(toFile: proxied, atomically: true, encoding: .utf8)
                let result = try await KubernetesClient.withClient(try KubeConfig.load(kubeconfigPath: direct), logger: logger) { client in
                    _ = try await client.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "flux"]])
                    let fluxd = FluxdHarness(kubeconfig: proxied, client: client, namespace: "flux")
                    return try await body(FaultHarness(fluxd: fluxd, faults: faults, proxy: proxy))
                }
                await proxy.stop()
                return result
            } catch {
                await proxy.stop()
                throw error
            }
        }
    }
}

/// Objects the fault tests own: what git says, and bystanders git never mentions.
enum FaultScenario {
    static let configMapGVK = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")

    /// `count` ConfigMaps in namespace `demo`, each with `generation` in its data.
    static func manifests(count: Int, generation: Int, skip: Set<Int> = []) -> String {
        var text = Manifest.namespace("demo") + "---\n"
        for index in 0..<count where !skip.contains(index) {
            text += Manifest.configMap("cm-\(index)", namespace: "demo", data: ["generation": "\(generation)"]) + "---\n"
        }
        return text
    }

    /// Objects made by hand beside fluxd's: in fluxd's namespace of work and elsewhere.
    static func createBystanders(_ client: KubernetesClient) async throws -> [String: String] {
        _ = try? await client.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "other"]])  // may exist
        _ = try? await client.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "demo"]])  // fluxd applies it too
        var versions: [String: String] = [:]
        for (namespace, name) in [("other", "bystander"), ("demo", "hand-made")] {
            let created = try await client.create([
                "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": .string(namespace)],
                "data": ["owner": "a human"],
            ])
            versions["\(namespace)/\(name)"] = created.resourceVersion ?? ""
        }
        return versions
    }

    /// Whether the cluster shows exactly git's state at `head`: the ConfigMaps of `generation`
    /// (absent ones pruned), the sync tag on `head`, the bystanders untouched.
    static func converged(
        _ fluxd: FluxdHarness, repo: GitFixture, head: String, count: Int, generation: Int, skip: Set<Int> = [],
        bystanders: [String: String]
    ) async throws -> Bool {
        let items = try await fluxd.client.listAll(configMapGVK, namespace: "demo").items
        var byName: [String: JSONValue] = [:]
        for item in items { byName[item.name ?? ""] = item }
        for index in 0..<count {
            let object = byName["cm-\(index)"]
            if skip.contains(index) {
                if object != nil { return false }
            } else if object?[path: ["data", "generation"]]?.stringValue != "\(generation)" {
                return false
            }
        }
        let tag = try? await repo.runInRemote(["rev-parse", "flux-sync^{commit}"])  // no tag yet: not converged
        guard tag?.trimmingCharacters(in: .whitespacesAndNewlines) == head else { return false }
        return try await bystandersUntouched(fluxd, bystanders)
    }

    static func bystandersUntouched(_ fluxd: FluxdHarness, _ bystanders: [String: String]) async throws -> Bool {
        for (key, version) in bystanders {
            let parts = key.split(separator: "/").map(String.init)
            guard let live = try await fluxd.get("v1", "ConfigMap", parts[0], parts[1]), live.resourceVersion == version else {
                return false
            }
        }
        return true
    }
}

import CommandRunner
import EmbeddedCluster
import Foundation
import KubernetesClient
import KubernetesModel
import Logging

/// Issue 2's benchmark: server-side apply of N ConfigMaps into the embedded server with the
/// SwiftFlux client (16 concurrent requests) against `kubectl apply --server-side` of the same
/// objects on the same server, in one run.
struct ServerSideApplyBenchmark {
    let count: Int

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let directory = try Bench.temporaryDirectory("bench-ssa")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(logger: logger)) { running in
            let kubeconfig = directory + "/kubeconfig"
            try running.writeKubeconfig(to: kubeconfig)
            var configuration = try KubeConfig.load(kubeconfigPath: kubeconfig)
            configuration.qps = 0
            try await KubernetesClient.withClient(configuration, logger: logger) { client in
                for namespace in ["bench-client", "bench-kubectl"] {
                    _ = try await client.apply(
                        ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]],
                        fieldManager: "bench")
                }
                let objects = try (0..<count).map { index in
                    try JSONValue(yaml: Bench.configMapYAML(name: "cm-\(index)", namespace: "bench-client", index: index))
                }
                let manifests = directory + "/manifests"
                try FileManager.default.createDirectory(atPath: manifests, withIntermediateDirectories: true)
                for index in 0..<count {
                    try Bench.configMapYAML(name: "cm-\(index)", namespace: "bench-kubectl", index: index)
                        .write(toFile: "\(manifests)/cm-\(index).yaml", atomically: true, encoding: .utf8)
                }

                let (_, clientSeconds) = try await Bench.time {
                    try await applyConcurrently(objects, client: client, limit: 16)
                }
                let kubectl = try Bench.kubectl()
                let (result, kubectlSeconds) = try await Bench.time {
                    try await Command.run(
                        kubectl, arguments: ["--kubeconfig", kubeconfig, "apply", "--server-side", "-f", manifests],
                        timeout: .seconds(900))
                }
                guard result.succeeded else { throw BenchError("kubectl failed: \(result.standardError)") }
                let gvk = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
                let applied = try await client.listAll(gvk, namespace: "bench-client").items.count
                let appliedByKubectl = try await client.listAll(gvk, namespace: "bench-kubectl").items.count
                guard applied == count, appliedByKubectl == count else {
                    throw BenchError("expected \(count) ConfigMaps in each namespace, found \(applied) and \(appliedByKubectl)")
                }
                print("server-side apply of \(count) ConfigMaps into the embedded API server")
                print("  SwiftFlux client (16 concurrent): \(Bench.format(clientSeconds))")
                print("  kubectl apply --server-side:      \(Bench.format(kubectlSeconds))")
                print(String(format: "  ratio kubectl/SwiftFlux:          %.1fx", kubectlSeconds / clientSeconds))
            }
        }
    }

    func applyConcurrently(_ objects: [JSONValue], client: KubernetesClient, limit: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            for _ in 0..<min(limit, objects.count) {
                let object = objects[next]
                next += 1
                group.addTask { _ = try await client.apply(object, fieldManager: "bench", force: true) }
            }
            while try await group.next() != nil {
                if next < objects.count {
                    let object = objects[next]
                    next += 1
                    group.addTask { _ = try await client.apply(object, fieldManager: "bench", force: true) }
                }
            }
        }
    }
}

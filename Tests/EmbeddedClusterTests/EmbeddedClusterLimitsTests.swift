import EmbeddedCluster
import Foundation
import KubernetesClient
import KubernetesModel
import Logging
import Testing

/// The embedded cluster refuses what kube-apiserver and etcd refuse, with the same answers
/// (issue 16, finding 6), and its test-only fault injector answers like an API server in trouble.
@Suite struct EmbeddedClusterLimitsTests {
    static func configMap(_ name: String, bytes: Int) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": "default"],
            "data": ["blob": .string(String(repeating: "x", count: bytes))],
        ]
    }

    static func withClient<T: Sendable>(
        _ configuration: EmbeddedClusterConfiguration = EmbeddedClusterConfiguration(),
        _ body: (KubernetesClient) async throws -> T
    ) async throws -> T {
        var quiet = configuration
        quiet.logger.logLevel = .critical
        return try await EmbeddedCluster.withRunning(quiet) { running in
            let directory = NSTemporaryDirectory() + "limits-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }  // best effort
            try running.writeKubeconfig(to: directory + "/kubeconfig")
            let configuration = try KubeConfig.load(kubeconfigPath: directory + "/kubeconfig")
            return try await KubernetesClient.withClient(configuration, logger: quiet.logger) { try await body($0) }
        }
    }

    @Test func oversizedBodiesAndObjectsGetKubeAPIServersAnswers() async throws {
        try await Self.withClient { client in
            // Above 3 MiB: 413 from the request limit, before anything is parsed.
            let tooLarge = await #expect(throws: KubernetesError.self) {
                _ = try await client.apply(Self.configMap("huge", bytes: 4 << 20), fieldManager: "test", force: true)
            }
            #expect(tooLarge?.httpStatus == 413)
            #expect(tooLarge?.reason == "RequestEntityTooLarge")
            #expect(tooLarge?.message == "Request entity too large: limit is 3145728")
            // Between etcd's 1.5 MiB and 3 MiB: etcd's refusal, passed through as a 500.
            let etcd = await #expect(throws: KubernetesError.self) {
                _ = try await client.apply(Self.configMap("big", bytes: 2 << 20), fieldManager: "test", force: true)
            }
            #expect(etcd?.httpStatus == 500)
            #expect(etcd?.message.contains("etcdserver: request is too large") == true)
            // Below both: stored, and the server is still healthy after the large bodies.
            let stored = try await client.apply(Self.configMap("fine", bytes: 1 << 20), fieldManager: "test", force: true)
            #expect(stored.name == "fine")
            let gvk = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
            for name in ["huge", "big"] {
                let absent = await #expect(throws: KubernetesError.self) { _ = try await client.get(gvk, namespace: "default", name: name) }
                #expect(absent?.isNotFound == true)
            }
        }
    }

    @Test func injectedFaultsLookLikeAnAPIServerInTrouble() async throws {
        let faults = FaultInjector()
        var configuration = EmbeddedClusterConfiguration()
        configuration.faults = faults
        try await Self.withClient(configuration) { client in
            let gvk = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
            // 429 with Retry-After: the client waits and retries, the caller sees success.
            faults.inject(.tooManyRequests(retryAfterSeconds: 0), count: 2, method: "GET", pathContains: "/configmaps/")
            let missing = await #expect(throws: KubernetesError.self) {
                _ = try await client.get(gvk, namespace: "default", name: "absent")
            }
            #expect(missing?.isNotFound == true)
            #expect(faults.injected == 2)
            // 503 and 500 on server-side apply (idempotent) are retried with back-off.
            faults.inject(.serviceUnavailable, count: 1, method: "PATCH")
            faults.inject(.internalError, count: 1, method: "PATCH")
            let applied = try await client.apply(Self.configMap("a", bytes: 1), fieldManager: "test", force: true)
            #expect(applied.name == "a")
            // A non-idempotent create sees the 503 itself.
            faults.inject(.serviceUnavailable, count: 1, method: "POST")
            let unavailable = await #expect(throws: KubernetesError.self) {
                _ = try await client.create(Self.configMap("b", bytes: 1))
            }
            #expect(unavailable?.httpStatus == 503)
            #expect(unavailable?.reason == "ServiceUnavailable")
            let created = try await client.create(Self.configMap("b", bytes: 1))
            #expect(created.name == "b")
            #expect(faults.injected == 5)
        }
    }
}

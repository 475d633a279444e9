import EmbeddedCluster
import Foundation
import KubernetesClient
import KubernetesModel
import Logging
import Testing

@testable import Health

/// The assessor against the embedded cluster with its simulated controllers: a Deployment
/// that rolls out becomes Current; one whose image cannot be pulled fails with
/// ProgressDeadlineExceeded and its pods' reason; a missing object is NotFound.
@Suite struct HealthAssessorTests {
    static func deployment(_ name: String, image: String, deadline: Int = 600) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name), "namespace": "default"],
            "spec": [
                "replicas": 1, "progressDeadlineSeconds": .integer(Int64(deadline)),
                "selector": ["matchLabels": ["app": .string(name)]],
                "template": [
                    "metadata": ["labels": ["app": .string(name)]],
                    "spec": ["containers": [["name": "main", "image": .string(image)]]],
                ],
            ],
        ]
    }

    static func target(_ kind: String, _ name: String, group: String = "apps", apiVersion: String = "apps/v1") -> HealthTarget {
        HealthTarget(key: ObjectKey(group: group, kind: kind, namespace: "default", name: name), apiVersion: apiVersion)
    }

    @Test func assessesRolloutsFailuresAndMissingObjects() async throws {
        var logger = Logger(label: "health-test")
        logger.logLevel = .warning
        let configuration = EmbeddedClusterConfiguration(simulatedControllerDelay: .milliseconds(100), logger: logger)
        try await EmbeddedCluster.withRunning(configuration) { running in
            let directory = NSTemporaryDirectory() + "health-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }  // deliberate: best-effort cleanup
            try running.writeKubeconfig(to: directory + "/kubeconfig")
            let kubeconfig = try KubeConfig.load(kubeconfigPath: directory + "/kubeconfig")
            try await KubernetesClient.withClient(kubeconfig, logger: logger) { client in
                _ = try await client.apply(Self.deployment("web", image: "nginx:1.27"), fieldManager: "test")
                _ = try await client.apply(Self.deployment("broken", image: "registry.invalid/app:1", deadline: 1), fieldManager: "test")
                _ = try await client.apply(
                    ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "settings", "namespace": "default"]],
                    fieldManager: "test")
                let assessor = HealthAssessor(client: client)
                let targets = [
                    Self.target("Deployment", "web"), Self.target("Deployment", "broken"),
                    Self.target("ConfigMap", "settings", group: "", apiVersion: "v1"),
                    Self.target("ConfigMap", "gone", group: "", apiVersion: "v1"),
                ]
                var results: [String: ObjectHealth] = [:]
                for _ in 0..<100 {
                    results = Dictionary(uniqueKeysWithValues: await assessor.assess(targets).map { ($0.key.name, $0) })
                    if results["web"]?.result.status == .current, results["broken"]?.result.status == .failed { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(results["web"]?.result.status == .current, "\(String(describing: results["web"]))")
                let broken = try #require(results["broken"])
                #expect(broken.result.status == .failed && broken.result.reason == "ProgressDeadlineExceeded", "\(broken)")
                #expect(
                    broken.details.contains { $0.contains("container main: ImagePullBackOff") && $0.contains("registry.invalid/app:1") },
                    "\(broken.details)")
                #expect(results["settings"]?.result.status == .current)
                #expect(results["gone"]?.result.status == .notFound)
            }
        }
    }
}

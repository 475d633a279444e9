import CommandRunner
import EmbeddedCluster
import Foundation
import KubernetesClient
import KubernetesModel
import Logging
import TestSupport
import Testing

/// Runs the real `fluxd` binary against an in-process embedded cluster.
struct FluxdHarness: Sendable {
    let kubeconfig: String
    let client: KubernetesClient
    let namespace: String

    static var fluxdPath: String { Tools.productsDirectory() + "/fluxd" }

    /// Starts an embedded cluster, writes its kubeconfig, creates fluxd's namespace and runs `body`.
    /// With `controllers`, simulated controllers report workloads rolled out after that delay.
    static func withCluster<T: Sendable>(
        controllers: Duration? = nil, _ body: (FluxdHarness) async throws -> T
    ) async throws -> T {
        let directory = try TemporaryDirectory(prefix: "e2e-cluster")
        defer { directory.remove() }
        var logger = Logger(label: "embedded")
        logger.logLevel = .warning
        return try await EmbeddedCluster.withRunning(
            EmbeddedClusterConfiguration(simulatedControllerDelay: controllers, logger: logger)
        ) { running in
            let path = directory.path + "/kubeconfig"
            try running.writeKubeconfig(to: path)
            let configuration = try KubeConfig.load(kubeconfigPath: path)
            return try await KubernetesClient.withClient(configuration, logger: logger) { client in
                let harness = FluxdHarness(kubeconfig: path, client: client, namespace: "flux")
                _ = try await client.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "flux"]])
                return try await body(harness)
            }
        }
    }

    /// `fluxd --once` with the harness's kubeconfig plus `arguments`.
    func once(_ arguments: [String], timeout: Duration = .seconds(120)) async throws -> CommandResult {
        try await Command.run(
            Self.fluxdPath,
            arguments: ["--once", "--kubeconfig", kubeconfig, "--k8s-namespace", namespace, "--listen-metrics", "127.0.0.1:0"]
                + arguments,
            timeout: timeout)
    }

    /// Starts fluxd as a daemon.
    func start(_ arguments: [String]) throws -> BackgroundProcess {
        try BackgroundProcess(
            Self.fluxdPath,
            ["--kubeconfig", kubeconfig, "--k8s-namespace", namespace, "--listen-metrics", "127.0.0.1:0"]
                + (arguments.contains("--listen") ? [] : ["--listen", "127.0.0.1:0"]) + arguments)
    }

    func get(_ apiVersion: String, _ kind: String, _ namespace: String?, _ name: String) async throws -> JSONValue? {
        do {
            return try await client.get(GroupVersionKind(apiVersion: apiVersion, kind: kind), namespace: namespace, name: name)
        } catch {
            if error.isNotFound { return nil }
            throw error
        }
    }

    /// Polls `condition` every 100 ms for at most `timeout`.
    func eventually(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}

/// Manifests the end-to-end tests commit.
enum Manifest {
    static func namespace(_ name: String) -> String {
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: \(name)

        """
    }

    static func configMap(_ name: String, namespace: String? = nil, data: [String: String], annotations: [String: String] = [:]) -> String {
        var text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n"
        if let namespace { text += "  namespace: \(namespace)\n" }
        if !annotations.isEmpty {
            text += "  annotations:\n"
            for key in annotations.keys.sorted() { text += "    \(key): \"\(annotations[key] ?? "")\"\n" }
        }
        text += "data:\n"
        for key in data.keys.sorted() { text += "  \(key): \"\(data[key] ?? "")\"\n" }
        return text
    }

    static func deployment(_ name: String, namespace: String, image: String, replicas: Int = 1) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: \(name)
          namespace: \(namespace)
        spec:
          replicas: \(replicas)
          selector:
            matchLabels:
              app: \(name)
          template:
            metadata:
              labels:
                app: \(name)
            spec:
              containers:
                - name: main
                  image: \(image)

        """
    }
}

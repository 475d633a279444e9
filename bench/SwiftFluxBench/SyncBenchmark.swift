import CommandRunner
import EmbeddedCluster
import Foundation
import KubernetesClient
import KubernetesModel
import Logging

/// Issue 3's benchmark: `fluxd --once` on a repository of N objects (ConfigMaps, Deployments,
/// Services across namespaces) against the embedded server, beside `kubectl apply
/// --server-side` of the same files and a raw parallel server-side-apply client, each on a
/// fresh embedded server; then a no-change resync of fluxd and of kubectl; fluxd's peak RSS.
struct SyncBenchmark {
    let count: Int

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let directory = try Bench.temporaryDirectory("bench-sync")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let repository = directory + "/repo"
        let files = try writeRepository(at: repository)
        let fluxd = Bench.productsDirectory + "/fluxd"
        let kubectl = try Bench.kubectl()

        // fluxd --once, then a no-change resync.
        let (fluxdFirst, fluxdResync, rss) = try await withCluster(directory, logger) { kubeconfig, _ in
            let arguments = [
                "--once", "--kubeconfig", kubeconfig, "--k8s-namespace", "flux", "--git-url", "file://\(repository)",
                "--git-branch", "master", "--sync-garbage-collection",
            ]
            let (first, firstSeconds) = try await Bench.time { try await timed(fluxd, arguments) }
            let (_, resyncSeconds) = try await Bench.time { try await timed(fluxd, arguments) }
            return (firstSeconds, resyncSeconds, first)
        }
        // kubectl apply --server-side, then a no-change re-apply.
        let (kubectlFirst, kubectlResync) = try await withCluster(directory, logger) { kubeconfig, _ in
            let arguments = ["--kubeconfig", kubeconfig, "apply", "--server-side", "-R", "-f", repository + "/manifests"]
            let (_, first) = try await Bench.time { try await run(kubectl, arguments) }
            let (_, again) = try await Bench.time { try await run(kubectl, arguments) }
            return (first, again)
        }
        // A raw parallel client: parse the files, apply namespaces, then everything else, 16 at a time.
        let raw = try await withCluster(directory, logger) { _, client in
            let (_, seconds) = try await Bench.time {
                var namespaces: [JSONValue] = []
                var others: [JSONValue] = []
                for file in files {
                    for document in try JSONValue.yamlDocuments(try String(contentsOfFile: file, encoding: .utf8)) {
                        if document.value.kind == "Namespace" { namespaces.append(document.value) } else { others.append(document.value) }
                    }
                }
                try await ServerSideApplyBenchmark(count: 0).applyConcurrently(namespaces, client: client, limit: 16)
                try await ServerSideApplyBenchmark(count: 0).applyConcurrently(others, client: client, limit: 16)
            }
            return seconds
        }
        print("sync of a repository with \(count) objects into the embedded API server")
        print("  fluxd --once (first sync):          \(Bench.format(fluxdFirst))")
        print("  raw parallel SSA client:            \(Bench.format(raw))")
        print("  kubectl apply --server-side:        \(Bench.format(kubectlFirst))")
        print(String(format: "  ratio fluxd/raw client:             %.2fx (aim: <= 1.5x)", fluxdFirst / raw))
        print(String(format: "  ratio kubectl/fluxd:                %.2fx", kubectlFirst / fluxdFirst))
        print("  fluxd --once no-change resync:      \(Bench.format(fluxdResync))")
        print("  kubectl no-change re-apply:         \(Bench.format(kubectlResync))")
        print(String(format: "  ratio kubectl/fluxd (no change):    %.2fx (aim: >= 4x)", kubectlResync / fluxdResync))
        print("  fluxd peak RSS (first sync):        \(rss / 1024) MiB")
    }

    /// Runs `body` against a fresh embedded cluster with fluxd's namespace created.
    func withCluster<T: Sendable>(
        _ directory: String, _ logger: Logger, _ body: (String, KubernetesClient) async throws -> T
    ) async throws -> T {
        try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(logger: logger)) { running in
            let kubeconfig = directory + "/kubeconfig-\(running.port)"
            try running.writeKubeconfig(to: kubeconfig)
            var configuration = try KubeConfig.load(kubeconfigPath: kubeconfig)
            configuration.qps = 0
            return try await KubernetesClient.withClient(configuration, logger: logger) { client in
                _ = try await client.apply(
                    ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "flux"]], fieldManager: "bench")
                return try await body(kubeconfig, client)
            }
        }
    }

    /// Runs a command under GNU time; returns the peak RSS in KiB.
    func timed(_ program: String, _ arguments: [String]) async throws -> Int {
        let result = try await Command.run("/usr/bin/time", arguments: ["-f", "peak-rss-kib=%M", program] + arguments, timeout: .seconds(900))
        guard result.succeeded else { throw BenchError("\(program) failed: \(result.standardOutput)\n\(result.standardError)") }
        let line = result.standardError.split(separator: "\n").last { $0.hasPrefix("peak-rss-kib=") }
        return line.flatMap { Int($0.dropFirst("peak-rss-kib=".count)) } ?? 0
    }

    func run(_ program: String, _ arguments: [String]) async throws {
        let result = try await Command.run(program, arguments: arguments, timeout: .seconds(900))
        guard result.succeeded else { throw BenchError("\(program) failed: \(result.standardError)") }
    }

    /// 10 namespaces; ConfigMaps, Deployments and Services spread across them, `count` objects in all.
    func writeRepository(at path: String) throws -> [String] {
        let manifests = path + "/manifests"
        try FileManager.default.createDirectory(atPath: manifests, withIntermediateDirectories: true)
        var files: [String] = []
        let namespaces = 10
        for n in 0..<namespaces {
            let file = "\(manifests)/ns-\(n).yaml"
            try "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench-\(n)\n".write(toFile: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        for index in 0..<(count - namespaces) {
            let namespace = "bench-\(index % namespaces)"
            let text: String
            switch index % 3 {
            case 0: text = Bench.configMapYAML(name: "app-\(index)", namespace: namespace, index: index)
            case 1:
                text = """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: app-\(index)
                      namespace: \(namespace)
                    spec:
                      replicas: 2
                      selector:
                        matchLabels: {app: app-\(index)}
                      template:
                        metadata:
                          labels: {app: app-\(index)}
                        spec:
                          containers:
                            - name: main
                              image: registry.example.com/app:1.\(index % 7).0
                              ports: [{containerPort: 8080, name: http}]

                    """
            default:
                text = """
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: app-\(index)
                      namespace: \(namespace)
                    spec:
                      selector: {app: app-\(index - 1)}
                      ports: [{name: http, port: 80, targetPort: http}]

                    """
            }
            let file = "\(manifests)/obj-\(index).yaml"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        for arguments in [["init", "-q", "-b", "master"], ["add", "-A"], ["-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-q", "-m", "bench"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: path)
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw BenchError("git \(arguments.first ?? "") failed") }
        }
        return files
    }
}

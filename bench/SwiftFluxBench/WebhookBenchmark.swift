import AsyncHTTPClient
import CommandRunner
import Crypto
import EmbeddedCluster
import Foundation
import KubernetesClient
import KubernetesModel
import Logging
import NIOCore
import TestSupport

/// Issue 15's benchmark: a signed GitHub push webhook → the change applied on the embedded
/// cluster, over `pushes` commits (each commit changes one ConfigMap value; the time runs from
/// sending the webhook until the API server holds the new value). References in the same run:
/// the same change found by fluxd polling git every second (`--git-poll-interval 1s`, the
/// interval people lower to when they have no webhook), and `kubectl apply --server-side` of
/// the changed file (a person applying it by hand). Median and p99 of each, and the ratios.
struct WebhookBenchmark {
    let pushes: Int
    let pollingPushes: Int

    static let secret = "bench-webhook-secret-0123456789"

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let directory = try Bench.temporaryDirectory("bench-webhook")
        defer { try? FileManager.default.removeItem(atPath: directory) }  // deliberate: best-effort cleanup
        let secretFile = directory + "/secret"
        try Self.secret.write(toFile: secretFile, atomically: true, encoding: .utf8)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let webhook = try await measure(directory: directory, logger: logger, http: http, mode: .webhook(secretFile), count: pushes)
            let polling = try await measure(directory: directory, logger: logger, http: http, mode: .polling, count: pollingPushes)
            let kubectl = try await measureKubectl(directory: directory, logger: logger, count: pollingPushes)
            try await http.shutdown()
            report(webhook: webhook, polling: polling, kubectl: kubectl)
        } catch {
            try? await http.shutdown()  // deliberate: the benchmark's error is the one to report
            throw error
        }
    }

    func report(webhook: [Double], polling: [Double], kubectl: [Double]) {
        let (w, p, k) = (Stats(webhook), Stats(polling), Stats(kubectl))
        print("push → objects applied on the embedded API server (one ConfigMap changed per commit)")
        print("  signed GitHub webhook (\(webhook.count) pushes):      median \(Bench.format(w.median))  p99 \(Bench.format(w.p99))  (aim: median < 1s)")
        print("  polling git every 1s (\(polling.count) pushes):         median \(Bench.format(p.median))  p99 \(Bench.format(p.p99))")
        print("  kubectl apply --server-side (\(kubectl.count) changes): median \(Bench.format(k.median))  p99 \(Bench.format(k.p99))")
        print(String(format: "  ratio polling/webhook (median):               %.2fx", p.median / w.median))
        print(String(format: "  ratio kubectl/webhook (median):               %.2fx", k.median / w.median))
    }

    struct Stats {
        var median: Double
        var p99: Double

        init(_ samples: [Double]) {
            let sorted = samples.sorted()
            median = sorted.isEmpty ? .nan : sorted[sorted.count / 2]
            p99 = sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
        }
    }

    enum Mode {
        case webhook(String)
        case polling
    }

    func measure(directory: String, logger: Logger, http: HTTPClient, mode: Mode, count: Int) async throws -> [Double] {
        let repo = try await BenchRepository.create(at: directory + "/repo-\(UUID().uuidString.prefix(6))")
        return try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(logger: logger)) { running in
            let kubeconfig = directory + "/kubeconfig-\(running.port)"
            try running.writeKubeconfig(to: kubeconfig)
            let configuration = try KubeConfig.load(kubeconfigPath: kubeconfig)
            return try await KubernetesClient.withClient(configuration, logger: logger) { client in
                _ = try await client.apply(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "flux"]], fieldManager: "bench")
                var arguments = [
                    "--kubeconfig", kubeconfig, "--k8s-namespace", "flux", "--git-url", "file://\(repo.bare)", "--git-branch", "master",
                    "--listen", "127.0.0.1:0", "--sync-interval", "10m",
                ]
                switch mode {
                case .webhook(let secretFile):
                    arguments += ["--git-poll-interval", "10m", "--listen-webhook", "127.0.0.1:0", "--webhook-secret-file", secretFile]
                case .polling:
                    arguments += ["--git-poll-interval", "1s"]
                }
                let fluxd = try BackgroundProcess(Bench.productsDirectory + "/fluxd", arguments)
                defer { _ = fluxd }
                guard await fluxd.waitForOutput("fluxd API listening on", timeout: .seconds(60)) else {
                    throw BenchError("fluxd did not start: \(fluxd.outputText)")
                }
                var hookPort: Int?
                if case .webhook = mode {
                    guard await fluxd.waitForOutput("fluxd webhooks listening on", timeout: .seconds(30)),
                        let port = Self.port(fluxd.outputText, after: "fluxd webhooks listening on ")
                    else { throw BenchError("the webhook receiver did not start: \(fluxd.outputText)") }
                    hookPort = port
                }
                guard try await Self.waitFor(value: "0", client: client, timeout: .seconds(60)) else {
                    throw BenchError("the first sync did not apply: \(fluxd.outputText)")
                }
                var samples: [Double] = []
                for index in 1...count {
                    try await repo.commitValue(index)
                    let clock = ContinuousClock()
                    let started = clock.now
                    if let hookPort { try await Self.postPush(http, port: hookPort, repository: "file://\(repo.bare)") }
                    guard try await Self.waitFor(value: String(index), client: client, timeout: .seconds(30)) else {
                        throw BenchError("push \(index) was not applied within 30s: \(fluxd.outputText.suffix(2000))")
                    }
                    let elapsed = clock.now - started
                    samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                }
                _ = await fluxd.stop()
                return samples
            }
        }
    }

    func measureKubectl(directory: String, logger: Logger, count: Int) async throws -> [Double] {
        let kubectl = try Bench.kubectl()
        return try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(logger: logger)) { running in
            let kubeconfig = directory + "/kubeconfig-kubectl-\(running.port)"
            try running.writeKubeconfig(to: kubeconfig)
            let configuration = try KubeConfig.load(kubeconfigPath: kubeconfig)
            return try await KubernetesClient.withClient(configuration, logger: logger) { client in
                var samples: [Double] = []
                let file = directory + "/kubectl-settings.yaml"
                for index in 0...count {
                    try BenchRepository.settings(index).write(toFile: file, atomically: true, encoding: .utf8)
                    let clock = ContinuousClock()
                    let started = clock.now
                    let result = try await Command.run(
                        kubectl, arguments: ["--kubeconfig", kubeconfig, "apply", "--server-side", "-f", file], timeout: .seconds(60))
                    guard result.succeeded, try await Self.waitFor(value: String(index), client: client, timeout: .seconds(30)) else {
                        throw BenchError("kubectl apply failed: \(result.standardError)")
                    }
                    let elapsed = clock.now - started
                    // The first apply creates the object; the others change it, like the pushes.
                    if index > 0 { samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) }
                }
                return samples
            }
        }
    }

    static func port(_ output: String, after marker: String) -> Int? {
        guard let range = output.range(of: marker) else { return nil }
        return output[range.upperBound...].prefix { $0 != "\n" }.split(separator: ":").last.flatMap { Int($0) }
    }

    static func postPush(_ http: HTTPClient, port: Int, repository: String) async throws {
        let body = #"{"ref": "refs/heads/master", "repository": {"clone_url": "\#(repository)"}}"#
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/hook/github")
        request.method = .POST
        request.headers.add(name: "X-GitHub-Event", value: "push")
        let signature = HMAC<SHA256>.authenticationCode(for: Array(body.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        request.headers.add(name: "X-Hub-Signature-256", value: "sha256=" + signature.map { String(format: "%02x", $0) }.joined())
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await http.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 16)
        guard response.status.code == 202 else { throw BenchError("the webhook answered \(response.status.code)") }
    }

    /// Polls the ConfigMap every 5 ms until its value is `value`.
    static func waitFor(value: String, client: KubernetesClient, timeout: Duration) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        let gvk = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
        while clock.now < deadline {
            do {
                let object = try await client.get(gvk, namespace: "default", name: "settings")
                if object[path: ["data", "value"]]?.stringValue == value { return true }
            } catch where error.isNotFound {}
            try await Task.sleep(for: .milliseconds(5))
        }
        return false
    }
}

/// A bare repository and a working copy holding one ConfigMap.
struct BenchRepository {
    let bare: String
    let work: String

    static func settings(_ value: Int) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  value: \"\(value)\"\n"
    }

    static func create(at path: String) async throws -> BenchRepository {
        let repository = BenchRepository(bare: path + "/remote.git", work: path + "/work")
        try FileManager.default.createDirectory(atPath: repository.work, withIntermediateDirectories: true)
        try await git(["init", "-q", "--bare", "-b", "master", repository.bare], in: path)
        try await git(["init", "-q", "-b", "master"], in: repository.work)
        try settings(0).write(toFile: repository.work + "/settings.yaml", atomically: true, encoding: .utf8)
        try await git(["add", "-A"], in: repository.work)
        try await git(["-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-q", "-m", "0"], in: repository.work)
        try await git(["push", "-q", repository.bare, "master"], in: repository.work)
        return repository
    }

    func commitValue(_ value: Int) async throws {
        try Self.settings(value).write(toFile: work + "/settings.yaml", atomically: true, encoding: .utf8)
        try await Self.git(["-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-q", "-am", "\(value)"], in: work)
        try await Self.git(["push", "-q", bare, "master"], in: work)
    }

    static func git(_ arguments: [String], in directory: String) async throws {
        let result = try await Command.run("git", arguments: arguments, workingDirectory: directory, timeout: .seconds(60))
        guard result.succeeded else { throw BenchError("git \(arguments.first ?? "") failed: \(result.standardError)") }
    }
}

import CommandRunner
import EmbeddedCluster
import Foundation
import ImageAutomation
import KubernetesClient
import KubernetesModel
import Logging
import Registry
import TestSupport

/// Issue 5's benchmark: one repository with N tags (distinct images, distinct creation
/// times) in a real `docker-registry` on loopback, used by one Deployment of an embedded
/// cluster; `ImageScanService` passes with a semver policy (tag list only) and a glob policy
/// (metadata of every tag): the first scan, a forced rescan, a pass with nothing due, and
/// both after a restart from the persisted cache. Time and registry requests (from the
/// registry's own log) of each, beside `skopeo list-tags` and `skopeo inspect`.
struct ImageScanBenchmark {
    let tagCount: Int
    /// `--registry-rps`; `nil` for no client-side limit (what the registry itself can do).
    let requestsPerSecond: Double?

    struct Step {
        var name: String
        var seconds: Double
        var requests: [String]

        var tagLists: Int { requests.filter { $0.contains("/tags/list") }.count }
        var heads: Int { requests.filter { $0.hasPrefix("HEAD ") }.count }
        var manifests: Int { requests.filter { $0.hasPrefix("GET ") && $0.contains("/manifests/") }.count }
        var blobs: Int { requests.filter { $0.contains("/blobs/") }.count }
    }

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let server = try await RegistryServer.start()
        do {
            try await measure(server, logger)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    private func measure(_ server: RegistryServer, _ logger: Logger) async throws {
        let host = server.host
        let repository = "bench/app"
        let work = try TemporaryDirectory(prefix: "bench-images")
        defer { work.remove() }

        // One small image pushed the ordinary way, then N tags written into the storage.
        let layout = try OCIImageLayout(path: work.path + "/layout")
        try await layout.add(OCITestImage(created: "2023-01-01T00:00:00Z", content: "bench"), tag: "seed")
        let (_, pushSeconds) = try await Bench.time { try await layout.push(tag: "seed", to: "\(host)/\(repository):seed") }
        let writer = try RegistryStorageWriter(root: server.directory.path + "/data", repository: repository, layoutPath: layout.path)
        let tags = (0..<tagCount).map { "1.\($0 / 100).\($0 % 100)" }
        let formatter = ISO8601DateFormatter()
        let base = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01T00:00:00Z
        let (_, writeSeconds) = try await Bench.time {
            for (index, tag) in tags.enumerated() {
                try writer.add(tag: tag, created: formatter.string(from: base.addingTimeInterval(Double(index) * 60)))
            }
            try writer.remove(tag: "seed")
        }

        // References: skopeo list-tags, and skopeo inspect (manifest + config) of a sample.
        let skopeo = try Tools.require("skopeo")
        var mark = try await settled(server, agent: "skopeo").count
        let (listed, skopeoListSeconds) = try await Bench.time {
            try await Command.run(skopeo, arguments: ["list-tags", "--tls-verify=false", "docker://\(host)/\(repository)"])
        }
        guard listed.succeeded else { throw BenchError("skopeo list-tags failed: \(listed.standardError)") }
        let skopeoTags = try JSONValue(parsing: Array(listed.standardOutput.utf8))["Tags"]?.arrayValue?.count ?? 0
        guard skopeoTags == tagCount else { throw BenchError("skopeo listed \(skopeoTags) tags, expected \(tagCount)") }
        var skopeoRequests = try await settled(server, agent: "skopeo")
        let skopeoList = Step(name: "skopeo list-tags", seconds: skopeoListSeconds, requests: Array(skopeoRequests.dropFirst(mark)))
        mark = skopeoRequests.count
        let sample = stride(from: 0, to: tagCount, by: max(tagCount / 20, 1)).map { tags[$0] }
        let (_, inspectSeconds) = try await Bench.time {
            for tag in sample {
                let result = try await Command.run(
                    skopeo, arguments: ["inspect", "--no-tags", "--tls-verify=false", "docker://\(host)/\(repository):\(tag)"])
                guard result.succeeded else { throw BenchError("skopeo inspect \(tag) failed: \(result.standardError)") }
            }
        }
        skopeoRequests = try await settled(server, agent: "skopeo")
        let skopeoInspect = Step(
            name: "skopeo inspect, \(sample.count) tags", seconds: inspectSeconds, requests: Array(skopeoRequests.dropFirst(mark)))

        var clusterLogger = logger
        clusterLogger.logLevel = .critical
        let results = try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(logger: clusterLogger)) { running in
            let kubeconfig = work.path + "/kubeconfig"
            try running.writeKubeconfig(to: kubeconfig)
            let configuration = try KubeConfig.load(kubeconfigPath: kubeconfig)
            return try await KubernetesClient.withClient(configuration, logger: logger) { client in
                _ = try await client.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "apps"]])
                var results: [(policy: String, steps: [Step], newest: String?, cacheBytes: Int)] = []
                for policy in ["semver:^1", "glob:1.*"] {
                    _ = try await client.apply(
                        deployment(image: "\(host)/\(repository):1.0.0", policy: policy), fieldManager: "bench")
                    let cacheFile = work.path + "/cache-\(policy.prefix { $0 != ":" }).json"
                    var settings = ImageScanSettings()
                    settings.registry.insecureHosts = [host]
                    settings.registry.requestsPerSecond = requestsPerSecond ?? 1e9
                    settings.registry.burst = requestsPerSecond == nil ? 1_000_000 : 10
                    settings.cacheFile = cacheFile
                    var steps: [Step] = []
                    var newest: String?
                    try await withService(settings, client, logger) { service in
                        steps.append(try await step("first scan", server) { await service.scanNow() })
                        steps.append(try await step("forced rescan", server) { await service.scanNow(force: true) })
                        steps.append(try await step("pass, nothing due", server) { await service.scanNow() })
                    }
                    try await withService(settings, client, logger) { service in
                        steps.append(try await step("restart: pass, nothing due", server) { await service.scanNow() })
                        steps.append(try await step("restart: forced rescan", server) { await service.scanNow(force: true) })
                        if let web = await service.workloads.first {
                            newest = await service.containerTags(of: web).first?.newest
                        }
                    }
                    let size = (try FileManager.default.attributesOfItem(atPath: cacheFile)[.size] as? Int) ?? 0
                    results.append((policy, steps, newest, size))
                }
                return results
            }
        }

        let rate = requestsPerSecond.map { String(format: "%.0f requests/s per registry", $0) } ?? "no client-side rate limit"
        print("image scan of one repository with \(tagCount) tags (docker-registry 2.8 on loopback, \(rate))")
        print("  setup: skopeo push of one image \(Bench.format(pushSeconds)); \(tagCount) tags written to storage \(Bench.format(writeSeconds))")
        print("  step                              time      requests  (tag lists / HEAD / GET manifest / GET blob)")
        func line(_ step: Step) {
            let name = step.name.padding(toLength: 33, withPad: " ", startingAt: 0)
            let time = Bench.format(step.seconds).padding(toLength: 9, withPad: " ", startingAt: 0)
            let count = String(step.requests.count).padding(toLength: 9, withPad: " ", startingAt: 0)
            print("  \(name) \(time) \(count) (\(step.tagLists) / \(step.heads) / \(step.manifests) / \(step.blobs))")
        }
        line(skopeoList)
        line(skopeoInspect)
        let perTag = skopeoInspect.seconds / Double(max(sample.count, 1))
        print(String(format: "  skopeo inspect per tag: %.3fs → all %d tags ≈ %.0fs", perTag, tagCount, perTag * Double(tagCount)))
        for result in results {
            print("  policy \(result.policy) (newest allowed: \(result.newest ?? "none"), cache file \(result.cacheBytes / 1024) KiB)")
            for step in result.steps { line(step) }
            let rescans = result.steps.dropFirst()
            let fetchedAgain = rescans.reduce(0) { $0 + $1.heads + $1.manifests + $1.blobs }
            print("    rescans fetched \(fetchedAgain) manifests/blobs \(fetchedAgain == 0 ? "(none: as required)" : "(expected none)")")
            guard let first = result.steps.first else { continue }
            if result.policy.hasPrefix("glob") {
                print(String(format: "    ratio skopeo inspect of every tag (extrapolated) / first scan: %.1fx", perTag * Double(tagCount) / first.seconds))
            } else {
                print(String(format: "    ratio skopeo list-tags / first scan: %.2fx", skopeoList.seconds / first.seconds))
            }
        }
    }

    private func withService(
        _ settings: ImageScanSettings, _ client: KubernetesClient, _ logger: Logger,
        _ body: (ImageScanService) async throws -> Void
    ) async throws {
        try await RegistryClient.withClient(options: settings.registry, logger: logger) { registry in
            try await body(ImageScanService(settings: settings, kubernetes: client, registry: registry, logger: logger))
        }
    }

    private func step(_ name: String, _ server: RegistryServer, _ body: () async -> ImageScanReport) async throws -> Step {
        let mark = try await settled(server, agent: "swiftflux").count
        let (report, seconds) = await Bench.time { await body() }
        if let error = report.listError { throw BenchError("listing workloads failed: \(error)") }
        if let error = report.errors.values.first { throw BenchError("scan failed: \(error)") }
        let requests = try await settled(server, agent: "swiftflux")
        return Step(name: name, seconds: seconds, requests: Array(requests.dropFirst(mark)))
    }

    private func deployment(image: String, policy: String) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "web", "namespace": "apps", "annotations": ["fluxcd.io/tag.main": .string(policy)]],
            "spec": [
                "selector": ["matchLabels": ["app": "web"]],
                "template": [
                    "metadata": ["labels": ["app": "web"]],
                    "spec": ["containers": [["name": "main", "image": .string(image)]]],
                ],
            ],
        ]
    }

    /// The requests the registry logged from a user agent starting with `agent`, once its log
    /// has stopped growing (a request is logged as its response completes).
    private func settled(_ server: RegistryServer, agent: String) async throws -> [String] {
        var previous = Self.requests(server.logText, agent: agent)
        for _ in 0..<50 {
            try await Task.sleep(for: .milliseconds(200))
            let current = Self.requests(server.logText, agent: agent)
            if current == previous { return current }
            previous = current
        }
        return previous
    }

    static func requests(_ log: String, agent: String) -> [String] {
        log.split(separator: "\n").compactMap { line -> String? in
            guard line.contains("msg=\"response completed"), field("http.request.useragent", line)?.hasPrefix(agent) == true,
                let method = field("http.request.method", line), let uri = field("http.request.uri", line)
            else { return nil }
            return method + " " + uri
        }
    }

    private static func field(_ name: String, _ line: Substring) -> String? {
        guard let range = line.range(of: " " + name + "=") else { return nil }
        var value = line[range.upperBound...]
        if value.hasPrefix("\"") {
            value = value.dropFirst()
            return value.firstIndex(of: "\"").map { String(value[..<$0]) }
        }
        return String(value.prefix { $0 != " " })
    }
}

import CommandRunner
import EmbeddedCluster
import Foundation
import KubernetesClient
import KubernetesModel
import Logging
import TestSupport

/// Issue 16's soak: one fluxd daemon runs `passes` sync passes back to back against the embedded
/// cluster (`--sync-interval 0s`) while small changes are committed (a value changed, an object
/// added, then removed again), and its resident memory and open file descriptors are sampled
/// from `/proc` along the way. Both must be flat once warm: a leak of one object, buffer or
/// descriptor per pass shows as a slope over thousands of passes.
struct SoakBenchmark {
    let passes: Int
    let sampleCount = 20

    struct Sample {
        var passes: Int
        var seconds: Double
        var residentKiB: Int
        var descriptors: Int
    }

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let directory = try TemporaryDirectory(prefix: "bench-soak")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        for index in 0..<20 { try repo.write("app/cm-\(index).yaml", Bench.configMapYAML(name: "cm-\(index)", namespace: "soak", index: index)) }
        try repo.write("app/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: soak\n")
        try await repo.commit("soak objects")
        try await repo.push()
        let fluxd = Bench.productsDirectory + "/fluxd"
        let result: [Sample] = try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(eventHistorySize: 1000, logger: logger)) { running in
            let kubeconfig = directory.path + "/kubeconfig"
            try running.writeKubeconfig(to: kubeconfig)
            try await KubernetesClient.withClient(try KubeConfig.load(kubeconfigPath: kubeconfig), logger: logger) { client in
                _ = try await client.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "flux"]])
            }
            let daemon = try BackgroundProcess(
                fluxd,
                [
                    "--kubeconfig", kubeconfig, "--k8s-namespace", "flux", "--git-url", repo.fileURL, "--sync-garbage-collection",
                    "--git-readonly", "--git-poll-interval", "1s", "--sync-interval", "0s", "--listen", "127.0.0.1:0",
                    "--listen-metrics", "127.0.0.1:0",
                ])
            defer { kill(daemon.processIdentifier, SIGKILL) }
            return try await drive(daemon, repo: repo)
        }
        report(result)
    }

    /// Commits a small change every few passes and samples `/proc` every `passes / sampleCount`.
    func drive(_ daemon: BackgroundProcess, repo: GitFixture) async throws -> [Sample] {
        let clock = ContinuousClock()
        let start = clock.now
        var samples: [Sample] = []
        var lastChange = 0
        var change = 0
        let every = max(1, passes / sampleCount)
        while true {
            let done = Self.count("sync succeeded", in: daemon)
            guard daemon.isRunning else { throw BenchError("fluxd exited: \(daemon.outputText.suffix(2000))") }
            if done >= (samples.count + 1) * every || (samples.isEmpty && done >= 1) {
                let (seconds, atto) = (clock.now - start).components
                samples.append(
                    Sample(
                        passes: done, seconds: Double(seconds) + Double(atto) / 1e18,
                        residentKiB: Self.residentKiB(daemon.processIdentifier), descriptors: Self.descriptors(daemon.processIdentifier)))
                if done >= passes { return samples }
            }
            if done - lastChange >= 10 {
                // A small change every ten passes: one value edited, one object added, then removed.
                change += 1
                switch change % 3 {
                case 0: try repo.write("app/cm-0.yaml", Bench.configMapYAML(name: "cm-0", namespace: "soak", index: change))
                case 1: try repo.write("app/extra.yaml", Bench.configMapYAML(name: "extra", namespace: "soak", index: change))
                default: try repo.remove("app/extra.yaml")
                }
                try await repo.commit("change \(change)")
                try await repo.push()
                lastChange = done
            }
            if Self.count("sync failed", in: daemon) > 0 { throw BenchError("a sync failed: \(daemon.outputText.suffix(2000))") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func report(_ samples: [Sample]) {
        print("soak: \(passes) sync passes of fluxd against the embedded cluster, a small change every 10 passes")
        print("  passes    seconds   RSS MiB   open fds")
        for sample in samples {
            print(
                String(
                    format: "  %6d  %9.1f  %8.1f  %9d", sample.passes, sample.seconds, Double(sample.residentKiB) / 1024,
                    sample.descriptors))
        }
        // Warm from a fifth of the run on: later samples compared with that one.
        let warm = samples[min(samples.count - 1, max(1, samples.count / 5))]
        if let last = samples.last {
            let growth = Double(last.residentKiB - warm.residentKiB) / Double(max(warm.residentKiB, 1)) * 100
            print(String(format: "  RSS from pass %d to %d: %+.1f%%; fds %d -> %d", warm.passes, last.passes, growth, warm.descriptors, last.descriptors))
            let rate = Double(last.passes) / max(last.seconds, 0.001)
            print(String(format: "  %.1f passes per second", rate))
        }
    }

    static func count(_ text: String, in daemon: BackgroundProcess) -> Int {
        daemon.outputText.components(separatedBy: text).count - 1
    }

    static func residentKiB(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }  // exited: 0
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
    }

    static func descriptors(_ pid: Int32) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0  // exited: 0
    }
}

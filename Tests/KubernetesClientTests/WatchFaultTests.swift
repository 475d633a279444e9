import EmbeddedCluster
import Foundation
import KubernetesModel
import Logging
import TestSupport
import Testing

@testable import KubernetesClient

/// A resuming watch through a proxy that closes and resets its connections (issue 16's fault
/// suite: "the API server closing watches"): it resumes from the last resourceVersion and misses
/// no event.
@Suite struct WatchFaultTests {
    @Test func resumingWatchMissesNothingWhenConnectionsDrop() async throws {
        var logger = Logger(label: "watch-faults")
        logger.logLevel = .critical
        try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(logger: logger)) { running in
            let proxy = try await TCPFaultProxy.start(upstreamPort: running.port)
            let directory = try TemporaryDirectory(prefix: "watch-faults")
            defer { directory.remove() }
            let kubeconfig = try directory.write(
                "config", running.kubeconfig().replacingOccurrences(of: ":\(running.port)", with: ":\(proxy.port)"))
            var configuration = try KubeConfig.load(kubeconfigPath: kubeconfig)
            configuration.retry = RetryPolicy(maxRetries: 20, initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(200))
            let gvk = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
            let names = (0..<6).map { "cm-\($0)" }
            let seen = try await KubernetesClient.withClient(configuration, logger: logger) { client in
                let (listed, signal) = AsyncStream.makeStream(of: Void.self)
                return try await withThrowingTaskGroup(of: [String]?.self) { group in
                    group.addTask {
                        // Objects show up as events, or in a relist after the watch expired.
                        var seen: [String] = []
                        for try await update in client.watchResuming(gvk, namespace: "default") {
                            switch update {
                            case .relisted(let items, _):
                                signal.yield()
                                for name in items.compactMap(\.name) where !seen.contains(name) { seen.append(name) }
                            case .event(let event):
                                if event.type == .added, let name = event.object.name, !seen.contains(name) { seen.append(name) }
                            }
                            if seen.count == names.count { break }
                        }
                        return seen
                    }
                    // The first list is done: from here on, objects arrive through the watch.
                    var waiting = listed.makeAsyncIterator()
                    _ = await waiting.next()
                    for (index, name) in names.enumerated() {
                        try await Task.sleep(for: .milliseconds(150))
                        // Between events the watch's connection is dropped, or reset, or cut.
                        switch index % 3 {
                        case 0: proxy.closeAllConnections()
                        case 1: proxy.set(.reset)
                        default: proxy.set(.truncate(afterBytes: 10))
                        }
                        try await Task.sleep(for: .milliseconds(100))
                        proxy.set(.pass)
                        _ = try await client.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)]])
                    }
                    group.addTask {
                        try await Task.sleep(for: .seconds(120))
                        return nil  // bounded: a missed event fails the test instead of hanging it
                    }
                    let result = try await group.next() ?? nil
                    group.cancelAll()
                    return result ?? []
                }
            }
            await proxy.stop()
            #expect(Set(seen) == Set(names), "\(seen)")
        }
    }
}

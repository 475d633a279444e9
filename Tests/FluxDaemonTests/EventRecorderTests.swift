import EmbeddedCluster
import FluxAPI
import Foundation
import Health
import KubernetesClient
import KubernetesModel
import Logging
import Synchronization
import Testing

@testable import FluxDaemon

/// Events written to an API server: a repeat updates the same Event (count, lastTimestamp),
/// release commits land on the workload.
@Suite struct EventRecorderTests {
    static func withClient(_ body: @Sendable (KubernetesClient) async throws -> Void) async throws {
        var logger = Logger(label: "events-test")
        logger.logLevel = .critical
        try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(logger: logger)) { running in
            let path = NSTemporaryDirectory() + "events-\(UUID().uuidString).kubeconfig"
            try running.writeKubeconfig(to: path)
            defer { try? FileManager.default.removeItem(atPath: path) }  // deliberate: best-effort cleanup
            try await KubernetesClient.withClient(try KubeConfig.load(kubeconfigPath: path), logger: logger) { client in
                _ = try await client.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "flux"]])
                try await body(client)
            }
        }
    }

    static let eventGVK = GroupVersionKind(group: "", version: "v1", kind: "Event")

    @Test func aRepeatUpdatesTheEventsCountAndLastTimestamp() async throws {
        try await Self.withClient { client in
            let times = TimeSource(Date(timeIntervalSince1970: 1_800_000_000))
            let recorder = EventRecorder(client: client, logger: Logger(label: "t"), now: { times.now })
            let record = EventRecord(
                object: SyncEvent.inventoryObject(namespace: "flux"), type: .normal, reason: "Synced",
                message: "Synced revision abc1234: created=0", eventNamespace: "flux")
            await recorder.record(record)
            times.advance(300)
            await recorder.record(record)
            let events = try await client.listAll(Self.eventGVK, namespace: "flux").items
            #expect(events.count == 1)
            let event = try #require(events.first)
            #expect(event["count"]?.intValue == 2)
            #expect(event["firstTimestamp"]?.stringValue == "2027-01-15T08:00:00Z")
            #expect(event["lastTimestamp"]?.stringValue == "2027-01-15T08:05:00Z")
            #expect(event[path: ["involvedObject", "name"]] == "flux-sync-inventory")
            #expect(event[path: ["source", "component"]] == "fluxd")
        }
    }

    @Test func releaseCommitsAreRecordedOnTheWorkloads() async throws {
        try await Self.withClient { client in
            _ = try await client.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "demo"]])
            let events = EventRecorder(client: client, logger: Logger(label: "t"))
            let health = HealthState()
            let observability = DaemonObservability(
                metrics: DaemonMetrics(), health: health,
                healthMonitor: HealthMonitor(
                    assessor: HealthAssessor(client: client), state: health, events: events, notify: { _ in }, metrics: nil,
                    namespace: "flux", logger: Logger(label: "t")),
                notifications: nil, syncNotifier: SyncNotifier(source: nil, post: { _ in }), events: events, namespace: "flux",
                logger: Logger(label: "t"))
            await observability.committed(
                kind: "release",
                pushed: JobResult(
                    revision: "0123456789abcdef",
                    changes: [ImageChange(workload: "demo:deployment/web", container: "main", from: "app:1.0", to: "app:1.1")]))
            let recorded = try await client.listAll(Self.eventGVK, namespace: "demo").items
            let event = try #require(recorded.first)
            #expect(event["reason"] == "ReleaseCommitted")
            #expect(event[path: ["involvedObject", "kind"]] == "Deployment" && event[path: ["involvedObject", "name"]] == "web")
            #expect(event["message"]?.stringValue == "Release committed in 0123456: main: app:1.0 -> app:1.1")
        }
    }
}

/// A settable clock for the recorder.
final class TimeSource: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 += seconds } }
}

import Foundation
import KubernetesClient
import KubernetesModel
import Logging
import Metrics

/// Writes fluxd's Kubernetes Events the way client-go's event recorder does: correlated
/// (`EventCorrelator`: repeats update one Event's `count` and `lastTimestamp`, bursts are
/// combined or dropped, so there is no event storm), with `source.component: fluxd`.
/// Recording never fails the work it reports on: API errors are logged and counted.
actor EventRecorder {
    static let eventGVK = GroupVersionKind(group: "", version: "v1", kind: "Event")

    let client: KubernetesClient
    let logger: Logger
    let component = "fluxd"
    private var correlator = EventCorrelator()
    private let now: @Sendable () -> Date

    init(client: KubernetesClient, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.logger = logger
        self.now = now
    }

    func record(_ record: EventRecord) async {
        var record = record
        if record.message.count > 1024 { record.message = String(record.message.prefix(1021)) + "..." }
        let time = now()
        let objectName = record.object.name
        let (decision, message) = correlator.decide(record, now: time) {
            "\(objectName).\(String(UInt64(time.timeIntervalSince1970 * 1_000_000_000), radix: 16))\(String(UInt32.random(in: 0...0xfff), radix: 16))"
        }
        switch decision {
        case .drop:
            Counter(label: "swiftflux_events_total", dimensions: [("outcome", "dropped")]).increment()
            logger.debug("event dropped by the spam filter", metadata: ["reason": "\(record.reason)"])
        case .create(let name, _):
            await create(record, name: name, message: message, first: time, last: time, count: 1)
        case .update(let name, let count, _, let first):
            let patch: JSONValue = [
                "count": .integer(Int64(count)), "lastTimestamp": .string(Self.timestamp(time)), "message": .string(message),
            ]
            do {
                _ = try await client.patch(
                    Self.eventGVK, namespace: record.eventNamespace, name: name, patch: .merge(patch), fieldManager: component)
                Counter(label: "swiftflux_events_total", dimensions: [("outcome", "updated")]).increment()
            } catch  where error.isNotFound {
                // Expired (kube-apiserver keeps Events for an hour): start a new one.
                correlator.forget(name: name)
                await create(record, name: name, message: message, first: first, last: time, count: count)
            } catch {
                failed(record, error)
            }
        }
    }

    private func create(_ record: EventRecord, name: String, message: String, first: Date, last: Date, count: Int) async {
        var involved: JSONObject = [
            "apiVersion": .string(record.object.apiVersion), "kind": .string(record.object.kind),
            "name": .string(record.object.name),
        ]
        if !record.object.namespace.isEmpty { involved["namespace"] = .string(record.object.namespace) }
        if let uid = record.object.uid { involved["uid"] = .string(uid) }
        let event: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string(name), "namespace": .string(record.eventNamespace)],
            "involvedObject": .object(involved),
            "reason": .string(record.reason), "message": .string(message), "type": .string(record.type.rawValue),
            "source": ["component": .string(component)],
            "reportingComponent": .string(component), "reportingInstance": .string(component),
            "firstTimestamp": .string(Self.timestamp(first)), "lastTimestamp": .string(Self.timestamp(last)),
            "count": .integer(Int64(count)),
        ]
        do {
            _ = try await client.create(event)
            Counter(label: "swiftflux_events_total", dimensions: [("outcome", "created")]).increment()
        } catch {
            failed(record, error)
        }
    }

    private func failed(_ record: EventRecord, _ error: any Error) {
        Counter(label: "swiftflux_events_total", dimensions: [("outcome", "failed")]).increment()
        logger.warning("could not record an event", metadata: ["reason": "\(record.reason)", "error": "\(error)"])
    }

    static func timestamp(_ date: Date) -> String { date.formatted(.iso8601) }
}

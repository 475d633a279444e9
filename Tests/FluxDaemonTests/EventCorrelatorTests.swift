import Foundation
import Testing

@testable import FluxDaemon

/// client-go's event correlation: repeats update one Event, similar events are combined,
/// bursts beyond the spam filter are dropped.
@Suite struct EventCorrelatorTests {
    static let object = EventRecord.InvolvedObject(apiVersion: "v1", kind: "ConfigMap", namespace: "flux", name: "flux-sync-inventory")

    static func record(_ message: String, reason: String = "Synced", object: EventRecord.InvolvedObject = object) -> EventRecord {
        EventRecord(object: object, type: .normal, reason: reason, message: message, eventNamespace: "flux")
    }

    @Test func repeatsUpdateTheSameEventWithACount() {
        var correlator = EventCorrelator()
        let start = Date(timeIntervalSince1970: 1_000_000)
        var names = 0
        let newName = { () -> String in
            names += 1
            return "event-\(names)"
        }
        let first = correlator.decide(Self.record("Synced revision abc: created=0"), now: start, newName: newName).0
        #expect(first == .create(name: "event-1", message: "Synced revision abc: created=0"))
        let second = correlator.decide(Self.record("Synced revision abc: created=0"), now: start + 300, newName: newName).0
        #expect(second == .update(name: "event-1", count: 2, message: "Synced revision abc: created=0", firstTimestamp: start))
        let other = correlator.decide(Self.record("Synced revision def: created=1"), now: start + 600, newName: newName).0
        #expect(other == .create(name: "event-2", message: "Synced revision def: created=1"))
    }

    @Test func manySimilarMessagesAreCombinedAndBurstsDropped() {
        var correlator = EventCorrelator()
        let start = Date(timeIntervalSince1970: 2_000_000)
        var counter = 0
        var creates = 0
        var combined: [EventCorrelator.Decision] = []
        var drops = 0
        for index in 0..<40 {
            let (decision, _) = correlator.decide(
                Self.record("Sync of revision \(index) failed", reason: "SyncFailed"), now: start + Double(index)
            ) {
                counter += 1
                return "e\(counter)"
            }
            switch decision {
            case .create(_, let message):
                creates += 1
                if message.hasPrefix("(combined from similar events): ") { combined.append(decision) }
            case .update(_, _, let message, _):
                #expect(message.hasPrefix("(combined from similar events): "))
                combined.append(decision)
            case .drop:
                drops += 1
            }
        }
        // 9 distinct events, then one combined Event updated in place, and the burst of 25 caps the rest.
        #expect(creates == 10)
        #expect(combined.count == 16)
        #expect(drops == 15)
        // Another object has its own bucket.
        let elsewhere = EventRecord.InvolvedObject(apiVersion: "apps/v1", kind: "Deployment", namespace: "demo", name: "web")
        let (decision, _) = correlator.decide(Self.record("Degraded", reason: "HealthDegraded", object: elsewhere), now: start + 41) { "x" }
        #expect(decision == .create(name: "x", message: "Degraded"))
        // The bucket refills one token per five minutes.
        let (later, _) = correlator.decide(Self.record("Sync of revision 99 failed", reason: "SyncFailed"), now: start + 40 + 301) { "y" }
        #expect(later != .drop)
    }
}

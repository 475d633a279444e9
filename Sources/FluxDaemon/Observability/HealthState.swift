import FluxAPI
import Foundation
import Health
import KubernetesModel

/// The health of the last applied revision's objects, as last assessed: what `GET /health`,
/// `list-workloads` and the notifications report.
actor HealthState {
    private(set) var revision: String?
    private(set) var targets: [HealthTarget] = []
    private(set) var objects: [ObjectHealth] = []
    private(set) var assessedAt: Date?
    private var previous: [ObjectKey: HealthStatus] = [:]
    private var tickets = 0
    private var applied = 0
    /// The revision whose objects were all current at some assessment (announced once).
    private var announcedHealthy: String?

    /// A sync applied `targets` at `revision`: follow them from now on.
    func follow(revision: String?, targets: [HealthTarget]) {
        if revision != self.revision { announcedHealthy = nil }
        self.revision = revision
        self.targets = targets
        let keys = Set(targets.map(\.key))
        objects = objects.filter { keys.contains($0.key) }
        previous = previous.filter { keys.contains($0.key) }
    }

    /// A number for an assessment about to start; results of older ones are not applied.
    func ticket() -> (Int, String?, [HealthTarget]) {
        tickets += 1
        return (tickets, revision, targets)
    }

    struct Update: Sendable {
        var transitions: [HealthTransition]
        /// Set when every object is current for the first time at this revision.
        var becameHealthy: String?
    }

    func apply(ticket: Int, revision: String?, objects: [ObjectHealth], at date: Date) -> Update? {
        guard ticket > applied, revision == self.revision else { return nil }
        applied = ticket
        let transitions = HealthTransitions.between(previous: previous, current: objects)
        self.objects = objects
        assessedAt = date
        previous = Dictionary(objects.map { ($0.key, $0.result.status) }) { _, last in last }
        var becameHealthy: String?
        if let revision, !objects.isEmpty, objects.allSatisfy({ $0.result.status == .current }), announcedHealthy != revision {
            announcedHealthy = revision
            becameHealthy = revision
        }
        return Update(transitions: transitions, becameHealthy: becameHealthy)
    }

    /// Whether some object may still change on its own (in progress, unknown, terminating).
    var unsettled: Bool { objects.contains { !$0.result.status.isSettled } || (objects.isEmpty && !targets.isEmpty) }

    func report() -> HealthReport {
        HealthReport(
            revision: revision, assessedAt: assessedAt, settled: !unsettled && assessedAt != nil,
            objects: objects.map(Self.wire))
    }

    static func wire(_ object: ObjectHealth) -> ObjectHealthStatus {
        ObjectHealthStatus(
            apiVersion: object.apiVersion, kind: object.key.kind, namespace: object.key.namespace, name: object.key.name,
            health: summary(object.result), details: object.details)
    }

    static func summary(_ result: HealthResult) -> HealthSummary {
        HealthSummary(status: result.status.rawValue, reason: result.reason.isEmpty ? nil : result.reason, message: result.message)
    }
}

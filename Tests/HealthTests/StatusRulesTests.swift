import Foundation
import KubernetesModel
import Testing

@testable import Health

/// The cases of kstatus's `status_compute_test.go` (cli-utils), one per rule and branch, plus
/// APIService and the generic Ready condition.
struct StatusRulesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var status: HealthStatus
        var reason: String = ""

        var testDescription: String { name }
    }

    static func object(_ yaml: String) throws -> JSONValue { try JSONValue(yaml: yaml) }

    static func check(_ testCase: Case, now: Date = Date()) throws {
        let result = StatusRules.compute(try object(testCase.yaml), now: now)
        #expect(result.status == testCase.status, "\(testCase.name): \(result)")
        if !testCase.reason.isEmpty { #expect(result.reason == testCase.reason, "\(testCase.name): \(result)") }
        #expect(!result.message.isEmpty, "\(testCase.name)")
    }

    static let pods: [Case] = [
        Case(
            name: "no status", yaml: "apiVersion: v1\nkind: Pod\nmetadata: {name: t, generation: 1}\n",
            status: .inProgress, reason: "PodNotObserved"),
        Case(
            name: "ready",
            yaml: """
                apiVersion: v1
                kind: Pod
                metadata: {name: t, generation: 1}
                status: {phase: Running, conditions: [{type: Ready, status: "True"}]}
                """, status: .current),
        Case(
            name: "completed",
            yaml: """
                apiVersion: v1
                kind: Pod
                metadata: {name: t, generation: 1}
                status: {phase: Succeeded, conditions: [{type: Ready, status: "False", reason: PodCompleted}]}
                """, status: .current),
        Case(
            name: "completed unsuccessfully",
            yaml: """
                apiVersion: v1
                kind: Pod
                metadata: {name: t, generation: 1}
                status: {phase: Failed, conditions: [{type: Ready, status: "False", reason: PodCompleted}]}
                """, status: .current),
        Case(
            name: "unschedulable for long",
            yaml: """
                apiVersion: v1
                kind: Pod
                metadata: {name: t, generation: 1}
                status: {phase: Pending, conditions: [{type: PodScheduled, status: "False", reason: Unschedulable}]}
                """, status: .failed, reason: "PodUnschedulable"),
        Case(
            name: "crash looping",
            yaml: """
                apiVersion: v1
                kind: Pod
                metadata: {name: t, generation: 1}
                status:
                  phase: Running
                  conditions: [{type: PodScheduled, status: "False", reason: Unschedulable}]
                  containerStatuses: [{name: nginx, state: {waiting: {reason: CrashLoopBackOff}}}]
                """, status: .failed, reason: "ContainerCrashLooping"),
    ]

    @Test(arguments: pods) func pod(_ testCase: Case) throws { try Self.check(testCase) }

    @Test func podBeingScheduledGetsTheScheduleWindow() throws {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: t, generation: 1, creationTimestamp: "2026-01-01T10:00:00Z"}
            status: {phase: Pending, conditions: [{type: PodScheduled, status: "False", reason: Unschedulable}]}
            """
        let created = try #require(Timestamps.parse("2026-01-01T10:00:00Z"))
        try Self.check(Case(name: "5s old", yaml: yaml, status: .inProgress, reason: "PodNotScheduled"), now: created + 5)
        try Self.check(Case(name: "20s old", yaml: yaml, status: .failed, reason: "PodUnschedulable"), now: created + 20)
    }

    static let claims: [Case] = [
        Case(
            name: "pvc without status", yaml: "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: t, generation: 1}\n",
            status: .inProgress, reason: "NotBound"),
        Case(
            name: "pvc bound", yaml: "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: t}\nstatus: {phase: Bound}\n",
            status: .current),
    ]

    @Test(arguments: claims) func persistentVolumeClaim(_ testCase: Case) throws { try Self.check(testCase) }

    static func statefulSet(spec: String = "", status: String) -> String {
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: t, generation: 1}\n\(spec)status: \(status)\n"
    }

    static let statefulSets: [Case] = [
        Case(
            name: "no status", yaml: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: t, generation: 1}\n",
            status: .inProgress, reason: "LessReplicas"),
        Case(
            name: "bad status", yaml: statefulSet(status: "{observedGeneration: 1, currentReplicas: 1}"),
            status: .inProgress, reason: "LessReplicas"),
        Case(
            name: "ok",
            yaml: statefulSet(
                spec: "spec: {replicas: 4}\n", status: "{observedGeneration: 1, currentReplicas: 4, readyReplicas: 4, replicas: 4}"),
            status: .current),
        Case(
            name: "less ready",
            yaml: statefulSet(
                spec: "spec: {replicas: 4}\n", status: "{observedGeneration: 1, currentReplicas: 4, readyReplicas: 2, replicas: 4}"),
            status: .inProgress, reason: "LessReady"),
        Case(
            name: "less current",
            yaml: statefulSet(
                spec: "spec: {replicas: 4}\n", status: "{observedGeneration: 1, currentReplicas: 2, readyReplicas: 4, replicas: 4}"),
            status: .inProgress, reason: "LessCurrent"),
        Case(
            name: "extra pods",
            yaml: statefulSet(
                spec: "spec: {replicas: 4}\n", status: "{observedGeneration: 1, currentReplicas: 4, readyReplicas: 4, replicas: 8}"),
            status: .inProgress, reason: "ExtraPods"),
        Case(
            name: "revision mismatch",
            yaml: statefulSet(
                spec: "spec: {replicas: 1}\n",
                status: "{observedGeneration: 1, currentReplicas: 1, readyReplicas: 1, replicas: 1, currentRevision: a, updateRevision: b}"),
            status: .inProgress, reason: "RevisionMismatch"),
        Case(
            name: "partition rolling",
            yaml: statefulSet(
                spec: "spec: {replicas: 4, updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 2}}}\n",
                status: "{observedGeneration: 1, currentReplicas: 4, readyReplicas: 4, replicas: 4, updatedReplicas: 1}"),
            status: .inProgress, reason: "PartitionRollout"),
        Case(
            name: "on delete", yaml: statefulSet(spec: "spec: {updateStrategy: {type: OnDelete}}\n", status: "{}"),
            status: .current),
    ]

    @Test(arguments: statefulSets) func statefulSet(_ testCase: Case) throws { try Self.check(testCase) }

    static func daemonSet(generation: Int = 1, status: String?) -> String {
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: t, generation: \(generation)}\n" + (status.map { "status: \($0)\n" } ?? "")
    }

    static let daemonSets: [Case] = [
        Case(name: "no status", yaml: daemonSet(status: nil), status: .inProgress, reason: "NoObservedGeneration"),
        Case(
            name: "bad status", yaml: daemonSet(status: "{observedGeneration: 1, currentReplicas: 1}"),
            status: .inProgress, reason: "NoDesiredNumber"),
        Case(
            name: "ok",
            yaml: daemonSet(
                status: """
                    {desiredNumberScheduled: 4, currentNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 4, numberReady: 4, observedGeneration: 1}
                    """), status: .current),
        Case(
            name: "different generation",
            yaml: daemonSet(
                generation: 2,
                status: """
                    {desiredNumberScheduled: 4, currentNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 4, numberReady: 4, observedGeneration: 1}
                    """), status: .inProgress, reason: "LatestGenerationNotObserved"),
        Case(
            name: "less ready",
            yaml: daemonSet(
                status: """
                    {desiredNumberScheduled: 4, currentNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 4, numberReady: 2, observedGeneration: 1}
                    """), status: .inProgress, reason: "LessReady"),
        Case(
            name: "less available",
            yaml: daemonSet(
                status: """
                    {desiredNumberScheduled: 4, currentNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 2, numberReady: 4, observedGeneration: 1}
                    """), status: .inProgress, reason: "LessAvailable"),
    ]

    @Test(arguments: daemonSets) func daemonSet(_ testCase: Case) throws { try Self.check(testCase) }
}

import KubernetesModel
import Testing

@testable import Health

struct TransitionsAndDiagnosisTests {
    static func health(_ name: String, _ status: HealthStatus) -> ObjectHealth {
        ObjectHealth(
            key: ObjectKey(group: "apps", kind: "Deployment", namespace: "demo", name: name), apiVersion: "apps/v1",
            result: HealthResult(status, message: status.rawValue))
    }

    @Test func onlyDegradationsRecoveriesAndFirstReadinessAreNews() {
        let previous: [ObjectKey: HealthStatus] = [
            Self.health("a", .current).key: .current, Self.health("b", .current).key: .current,
            Self.health("c", .failed).key: .failed, Self.health("d", .inProgress).key: .inProgress,
            Self.health("e", .inProgress).key: .inProgress,
        ]
        let current = [
            Self.health("a", .inProgress), Self.health("b", .current), Self.health("c", .current),
            Self.health("d", .current), Self.health("e", .failed), Self.health("f", .inProgress),
        ]
        let transitions = HealthTransitions.between(previous: previous, current: current)
        let summary = transitions.map { "\($0.object.key.name):\($0.kind.rawValue)" }
        #expect(summary == ["a:degraded", "c:recovered", "d:ready", "e:degraded"])
    }

    @Test func podDiagnosisNamesWaitingContainersAndUnschedulablePods() throws {
        let pods = [
            try JSONValue(
                yaml: """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web-1}
                    status:
                      containerStatuses:
                      - name: web
                        state: {waiting: {reason: ImagePullBackOff, message: "Back-off pulling image \\"web:nope\\""}}
                      - name: sidecar
                        state: {waiting: {reason: ContainerCreating}}
                    """),
            try JSONValue(
                yaml: """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web-2}
                    status:
                      conditions: [{type: PodScheduled, status: "False", reason: Unschedulable, message: "0/3 nodes are available"}]
                    """),
        ]
        #expect(
            PodDiagnosis.details(pods: pods) == [
                "pod web-1 container web: ImagePullBackOff: Back-off pulling image \"web:nope\"",
                "pod web-2: Unschedulable: 0/3 nodes are available",
            ])
    }
}

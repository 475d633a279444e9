import Foundation
import KubernetesModel
import Testing

@testable import Health

/// Deployments, ReplicaSets, Jobs, Services, CRDs, custom resources and APIServices (kstatus's
/// cases, and SwiftFlux's additions).
struct StatusRulesMoreTests {
    typealias Case = StatusRulesTests.Case

    static func deployment(spec: String = "", status: String) -> String {
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: t, generation: 1}\n\(spec)status: \(status)\n"
    }

    static let replicasOK = "observedGeneration: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1, replicas: 1"

    static let deployments: [Case] = [
        Case(
            name: "no status", yaml: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: t, generation: 1}\n",
            status: .inProgress, reason: "LessReplicas"),
        Case(
            name: "ok",
            yaml: deployment(
                status: """
                    {\(replicasOK), conditions: [{type: Progressing, status: "True", reason: NewReplicaSetAvailable}, {type: Available, status: "True"}]}
                    """), status: .current),
        Case(
            name: "not progressing",
            yaml: deployment(
                spec: "spec: {progressDeadlineSeconds: 45}\n",
                status: """
                    {\(replicasOK), conditions: [{type: Progressing, status: "False", reason: Some reason}, {type: Available, status: "True"}]}
                    """), status: .inProgress, reason: "ReplicaSetNotAvailable"),
        Case(
            name: "no progress deadline",
            yaml: deployment(
                status: """
                    {\(replicasOK), conditions: [{type: Available, status: "True"}]}
                    """), status: .current),
        Case(
            name: "not available",
            yaml: deployment(
                status: """
                    {\(replicasOK), conditions: [{type: Progressing, status: "True", reason: NewReplicaSetAvailable}, {type: Available, status: "False"}]}
                    """), status: .inProgress, reason: "DeploymentNotAvailable"),
        Case(
            name: "image cannot be pulled, before the deadline",
            yaml: deployment(
                spec: "spec: {progressDeadlineSeconds: 600}\n",
                status: """
                    {observedGeneration: 1, replicas: 1, updatedReplicas: 1, unavailableReplicas: 1, conditions: [
                      {type: Available, status: "False", reason: MinimumReplicasUnavailable},
                      {type: Progressing, status: "True", reason: ReplicaSetUpdated}]}
                    """), status: .inProgress, reason: "LessAvailable"),
        Case(
            name: "progress deadline exceeded",
            yaml: deployment(
                spec: "spec: {progressDeadlineSeconds: 600}\n",
                status: """
                    {observedGeneration: 1, replicas: 1, updatedReplicas: 1, unavailableReplicas: 1, conditions: [
                      {type: Available, status: "False", reason: MinimumReplicasUnavailable},
                      {type: Progressing, status: "False", reason: ProgressDeadlineExceeded, message: "ReplicaSet \\"t-1\\" has timed out progressing."}]}
                    """), status: .failed, reason: "ProgressDeadlineExceeded"),
        Case(
            name: "old generation",
            yaml: """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: t, generation: 3}
                status: {observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1}
                """, status: .inProgress, reason: "LatestGenerationNotObserved"),
        Case(
            name: "being deleted",
            yaml: """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: t, generation: 1, deletionTimestamp: "2026-01-01T00:00:00Z"}
                """, status: .terminating),
    ]

    @Test(arguments: deployments) func deployment(_ testCase: Case) throws { try StatusRulesTests.check(testCase) }

    static func replicaSet(spec: Int = 4, status: String) -> String {
        "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: t, generation: 1}\nspec: {replicas: \(spec)}\nstatus: \(status)\n"
    }

    static let replicaSets: [Case] = [
        Case(
            name: "no status", yaml: "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: t, generation: 1}\n",
            status: .inProgress, reason: "LessLabelled"),
        Case(
            name: "ok with false failure",
            yaml: replicaSet(
                spec: 2,
                status: """
                    {observedGeneration: 1, replicas: 2, readyReplicas: 2, availableReplicas: 2, fullyLabeledReplicas: 2, conditions: [{type: ReplicaFailure, status: "False"}]}
                    """), status: .current),
        Case(
            name: "ok",
            yaml: replicaSet(
                spec: 2,
                status: """
                    {observedGeneration: 1, replicas: 2, readyReplicas: 2, availableReplicas: 2, fullyLabeledReplicas: 2}
                    """), status: .current),
        Case(
            name: "less ready",
            yaml: replicaSet(
                status: """
                    {observedGeneration: 1, replicas: 4, readyReplicas: 2, availableReplicas: 4, fullyLabeledReplicas: 4}
                    """), status: .inProgress, reason: "LessReady"),
        Case(
            name: "less available",
            yaml: replicaSet(
                status: """
                    {observedGeneration: 1, replicas: 4, readyReplicas: 4, availableReplicas: 2, fullyLabeledReplicas: 4}
                    """), status: .inProgress, reason: "LessAvailable"),
        Case(
            name: "replica failure",
            yaml: replicaSet(
                status: """
                    {observedGeneration: 1, replicas: 4, readyReplicas: 4, availableReplicas: 4, fullyLabeledReplicas: 4, conditions: [{type: ReplicaFailure, status: "True"}]}
                    """), status: .inProgress, reason: "ReplicaFailure"),
    ]

    @Test(arguments: replicaSets) func replicaSet(_ testCase: Case) throws { try StatusRulesTests.check(testCase) }

    static let jobs: [Case] = [
        Case(
            name: "no status", yaml: "apiVersion: batch/v1\nkind: Job\nmetadata: {name: t, generation: 1}\n",
            status: .inProgress, reason: "JobNotStarted"),
        Case(
            name: "complete",
            yaml: """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: t, generation: 1}
                status: {succeeded: 1, active: 0, conditions: [{type: Complete, status: "True"}]}
                """, status: .current),
        Case(
            name: "failed",
            yaml: """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: t, generation: 1}
                spec: {completions: 4}
                status: {succeeded: 3, failed: 1, conditions: [{type: Failed, status: "True", reason: JobFailed}]}
                """, status: .failed, reason: "JobFailed"),
        Case(
            name: "in progress",
            yaml: """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: t, generation: 1}
                spec: {completions: 10, parallelism: 2}
                status: {startTime: "2019-06-04T01:17:13Z", succeeded: 3, failed: 1, active: 2, conditions: [{type: Failed, status: "False"}, {type: Complete, status: "False"}]}
                """, status: .current),
        Case(name: "cron job", yaml: "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: t, generation: 1}\n", status: .current),
    ]

    @Test(arguments: jobs) func job(_ testCase: Case) throws { try StatusRulesTests.check(testCase) }

    static let services: [Case] = [
        Case(name: "default", yaml: "apiVersion: v1\nkind: Service\nmetadata: {name: t}\n", status: .current),
        Case(name: "node port", yaml: "apiVersion: v1\nkind: Service\nmetadata: {name: t}\nspec: {type: NodePort}\n", status: .current),
        Case(
            name: "load balancer with IP",
            yaml: """
                apiVersion: v1
                kind: Service
                metadata: {name: t}
                spec: {type: LoadBalancer, clusterIP: 1.2.3.4}
                """, status: .current),
        Case(
            name: "load balancer without IP", yaml: "apiVersion: v1\nkind: Service\nmetadata: {name: t}\nspec: {type: LoadBalancer}\n",
            status: .inProgress, reason: "NoIPAssigned"),
        Case(name: "config map", yaml: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}\n", status: .current),
        Case(
            name: "pdb not observed",
            yaml: """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: t, generation: 2}
                status: {observedGeneration: 1}
                """, status: .inProgress, reason: "LatestGenerationNotObserved"),
        Case(
            name: "pdb observed",
            yaml: """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: t, generation: 1}
                status: {observedGeneration: 1}
                """, status: .current),
    ]

    @Test(arguments: services) func serviceAndFriends(_ testCase: Case) throws { try StatusRulesTests.check(testCase) }

    static func crd(_ conditions: String?) -> String {
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: t, generation: 1}\n"
            + (conditions.map { "status: {conditions: \($0)}\n" } ?? "")
    }

    static let extensions: [Case] = [
        Case(name: "crd without conditions", yaml: crd(nil), status: .inProgress, reason: "Installing"),
        Case(
            name: "crd installing",
            yaml: crd(
                #"[{type: NamesAccepted, status: "True", reason: NoConflicts}, {type: Established, status: "False", reason: Installing}]"#),
            status: .inProgress, reason: "Installing"),
        Case(
            name: "crd names not accepted", yaml: crd(#"[{type: NamesAccepted, status: "False", reason: SomeReason}]"#),
            status: .failed, reason: "SomeReason"),
        Case(
            name: "crd established",
            yaml: crd(
                #"[{type: NamesAccepted, status: "True", reason: NoConflicts}, {type: Established, status: "True", reason: InitialNamesAccepted}]"#
            ),
            status: .current),
        Case(
            name: "custom resource without status", yaml: "apiVersion: something/v1\nkind: MyCR\nmetadata: {name: t, generation: 1}\n",
            status: .current),
        Case(
            name: "custom resource ready",
            yaml: """
                apiVersion: something/v1
                kind: MyCR
                metadata: {name: t, generation: 1}
                status: {conditions: [{type: Ready, status: "True", reason: AllOk, message: All looks ok}]}
                """, status: .current),
        Case(
            name: "custom resource not ready",
            yaml: """
                apiVersion: something/v1
                kind: MyCR
                metadata: {name: t, generation: 1}
                status: {observedGeneration: 1, conditions: [{type: Ready, status: "False", reason: NotReadyYet}]}
                """, status: .inProgress, reason: "NotReadyYet"),
        Case(
            name: "custom resource with another condition",
            yaml: """
                apiVersion: something/v1
                kind: MyCR
                metadata: {name: t, generation: 1}
                status: {conditions: [{type: SomeCondition, status: "False"}]}
                """, status: .current),
        Case(
            name: "custom resource generation not observed",
            yaml: """
                apiVersion: something/v1
                kind: MyCR
                metadata: {name: t, generation: 2}
                status: {observedGeneration: 1}
                """, status: .inProgress, reason: "LatestGenerationNotObserved"),
        Case(
            name: "custom resource stalled",
            yaml: """
                apiVersion: something/v1
                kind: MyCR
                metadata: {name: t, generation: 1}
                status: {conditions: [{type: Stalled, status: "True", reason: BadConfig, message: cannot go on}, {type: Ready, status: "False"}]}
                """, status: .failed, reason: "BadConfig"),
        Case(
            name: "custom resource reconciling",
            yaml: """
                apiVersion: something/v1
                kind: MyCR
                metadata: {name: t, generation: 1}
                status: {conditions: [{type: Reconciling, status: "True", reason: Progressing, message: working}]}
                """, status: .inProgress, reason: "Progressing"),
        Case(
            name: "apiservice available",
            yaml: """
                apiVersion: apiregistration.k8s.io/v1
                kind: APIService
                metadata: {name: v1beta1.metrics.k8s.io}
                status: {conditions: [{type: Available, status: "True", reason: Passed}]}
                """, status: .current),
        Case(
            name: "apiservice unavailable",
            yaml: """
                apiVersion: apiregistration.k8s.io/v1
                kind: APIService
                metadata: {name: v1beta1.metrics.k8s.io}
                status: {conditions: [{type: Available, status: "False", reason: MissingEndpoints, message: endpoints for service/metrics-server in "kube-system" have no addresses}]}
                """, status: .inProgress, reason: "MissingEndpoints"),
        Case(
            name: "apiservice not observed",
            yaml: """
                apiVersion: apiregistration.k8s.io/v1
                kind: APIService
                metadata: {name: v1beta1.metrics.k8s.io}
                """, status: .inProgress, reason: "NotObserved"),
    ]

    @Test(arguments: extensions) func extensionsAndCustomResources(_ testCase: Case) throws {
        try StatusRulesTests.check(testCase)
    }
}

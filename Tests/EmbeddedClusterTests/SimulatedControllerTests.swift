import EmbeddedCluster
import Foundation
import KubernetesModel
import Testing

/// The optional simulated workload controllers, judged by `kubectl rollout status` and
/// `kubectl wait`.
@Suite struct SimulatedControllerTests {
    static let workloads = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers: [{name: web, image: nginx}]
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          replicas: 2
          serviceName: db
          selector:
            matchLabels: {app: db}
          template:
            metadata:
              labels: {app: db}
            spec:
              containers: [{name: db, image: postgres}]
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          selector:
            matchLabels: {app: agent}
          template:
            metadata:
              labels: {app: agent}
            spec:
              containers: [{name: agent, image: busybox}]
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: migrate, image: busybox}]
        """

    @Test func workloadsRollOutAndJobsComplete() async throws {
        let configuration = EmbeddedClusterConfiguration(simulatedControllerDelay: .milliseconds(300))
        try await EmbeddedCluster.withRunning(configuration) { cluster in
            let kubectl = try Kubectl(cluster)
            let applied = try await kubectl.run(["apply", "--server-side", "-f", try kubectl.file("w.yaml", Self.workloads)])
            #expect(applied.exitCode == 0, "\(applied.standardError)")

            let deployment = try await kubectl.run(["rollout", "status", "deployment/web", "--timeout=20s"], timeout: .seconds(40))
            #expect(deployment.exitCode == 0, "\(deployment.standardError)")
            #expect(deployment.standardOutput.hasSuffix("deployment \"web\" successfully rolled out\n"))
            let statefulSet = try await kubectl.run(["rollout", "status", "statefulset/db", "--timeout=20s"], timeout: .seconds(40))
            #expect(statefulSet.exitCode == 0, "\(statefulSet.standardError)")
            // The defaulted RollingUpdate partition (0) makes kubectl report a partitioned roll out.
            #expect(statefulSet.standardOutput.hasSuffix("partitioned roll out complete: 2 new pods have been updated...\n"))
            let daemonSet = try await kubectl.run(["rollout", "status", "daemonset/agent", "--timeout=20s"], timeout: .seconds(40))
            #expect(daemonSet.exitCode == 0, "\(daemonSet.standardError)")
            #expect(daemonSet.standardOutput.hasSuffix("daemon set \"agent\" successfully rolled out\n"))
            let job = try await kubectl.run(["wait", "--for=condition=complete", "job/migrate", "--timeout=20s"], timeout: .seconds(40))
            #expect(job.exitCode == 0, "\(job.standardError)")
            #expect(job.standardOutput == "job.batch/migrate condition met\n")

            let status = try JSONValue(parsing: try await kubectl.run(["get", "deployment", "web", "-o", "json"]).standardOutput)["status"]
            #expect(status?["observedGeneration"] == 1)
            #expect(status?["replicas"] == 2 && status?["readyReplicas"] == 2 && status?["updatedReplicas"] == 2 && status?["availableReplicas"] == 2)
            #expect(status?["conditions"]?.arrayValue?.map { "\($0["type"]?.stringValue ?? "")=\($0["status"]?.stringValue ?? "")" } == ["Available=True", "Progressing=True"])
            let table = try await kubectl.run(["get", "deployment", "web"])
            #expect(table.standardOutput.hasPrefix("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/2     2            2           "))

            // A new generation rolls out again.
            #expect(try await kubectl.run(["patch", "deployment/web", "-p", #"{"spec":{"replicas":3}}"#]).exitCode == 0)
            let rescaled = try await kubectl.run(["rollout", "status", "deployment/web", "--timeout=20s"], timeout: .seconds(40))
            #expect(rescaled.exitCode == 0, "\(rescaled.standardError)")
            let after = try await kubectl.run(["get", "deployment", "web", "-o", "jsonpath={.metadata.generation} {.status.observedGeneration} {.status.readyReplicas}"])
            #expect(after.standardOutput == "2 2 3")
        }
    }
}

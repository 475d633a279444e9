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
            #expect(
                status?["replicas"] == 2 && status?["readyReplicas"] == 2 && status?["updatedReplicas"] == 2
                    && status?["availableReplicas"] == 2)
            #expect(
                status?["conditions"]?.arrayValue?.map { "\($0["type"]?.stringValue ?? "")=\($0["status"]?.stringValue ?? "")" } == [
                    "Available=True", "Progressing=True",
                ])
            let table = try await kubectl.run(["get", "deployment", "web"])
            #expect(table.standardOutput.hasPrefix("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/2     2            2           "))

            // A new generation rolls out again.
            #expect(try await kubectl.run(["patch", "deployment/web", "-p", #"{"spec":{"replicas":3}}"#]).exitCode == 0)
            let rescaled = try await kubectl.run(["rollout", "status", "deployment/web", "--timeout=20s"], timeout: .seconds(40))
            #expect(rescaled.exitCode == 0, "\(rescaled.standardError)")
            let after = try await kubectl.run([
                "get", "deployment", "web", "-o", "jsonpath={.metadata.generation} {.status.observedGeneration} {.status.readyReplicas}",
            ])
            #expect(after.standardOutput == "2 2 3")
        }
    }
}

/// A Deployment whose image cannot be pulled: ReplicaSet and Pods in `ImagePullBackOff`, then
/// `ProgressDeadlineExceeded`, as kube-controller-manager and the kubelet report it, judged by
/// real kubectl; deleting the Deployment deletes what it owned.
@Suite struct SimulatedRolloutFailureTests {
    static let broken = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: broken
        spec:
          replicas: 2
          progressDeadlineSeconds: 2
          selector:
            matchLabels: {app: broken}
          template:
            metadata:
              labels: {app: broken}
            spec:
              containers: [{name: main, image: registry.invalid/team/app:1.0}]
        """

    @Test func anImageThatCannotBePulledExceedsTheProgressDeadline() async throws {
        let configuration = EmbeddedClusterConfiguration(simulatedControllerDelay: .milliseconds(200))
        try await EmbeddedCluster.withRunning(configuration) { cluster in
            let kubectl = try Kubectl(cluster)
            let applied = try await kubectl.run(["apply", "--server-side", "-f", try kubectl.file("b.yaml", Self.broken)])
            #expect(applied.exitCode == 0, "\(applied.standardError)")
            let rollout = try await kubectl.run(["rollout", "status", "deployment/broken", "--timeout=30s"], timeout: .seconds(60))
            #expect(rollout.exitCode != 0)
            #expect(
                rollout.standardError.contains("deployment \"broken\" exceeded its progress deadline"),
                "\(rollout.standardOutput)\(rollout.standardError)")

            let pods = try await kubectl.run(["get", "pods", "-l", "app=broken", "--no-headers"])
            let lines = pods.standardOutput.split(separator: "\n")
            #expect(lines.count == 2, "\(pods.standardOutput)\(pods.standardError)")
            #expect(
                lines.allSatisfy { $0.hasPrefix("broken-") && $0.contains("0/1") && $0.contains("ImagePullBackOff") },
                "\(pods.standardOutput)\(pods.standardError)")
            let message = try await kubectl.run([
                "get", "pods", "-l", "app=broken", "-o", "jsonpath={.items[0].status.containerStatuses[0].state.waiting.message}",
            ])
            #expect(message.standardOutput.hasPrefix("Back-off pulling image \"registry.invalid/team/app:1.0\": ErrImagePull:"))
            let replicaSets = try await kubectl.run([
                "get", "replicasets", "-l", "app=broken", "-o", "jsonpath={.items[*].metadata.ownerReferences[0].name}",
            ])
            #expect(replicaSets.standardOutput == "broken", "\(replicaSets.standardOutput)\(replicaSets.standardError)")

            #expect(try await kubectl.run(["delete", "deployment", "broken"]).exitCode == 0)
            var remaining = ""
            for _ in 0..<50 {
                let listed = try await kubectl.run(["get", "pods,replicasets", "-l", "app=broken", "--no-headers"])
                remaining = listed.standardOutput + listed.standardError
                if remaining.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || remaining.contains("No resources found") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(
                remaining.contains("No resources found") || remaining.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                "\(remaining)")
        }
    }
}

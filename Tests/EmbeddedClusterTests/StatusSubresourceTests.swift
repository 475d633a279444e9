import EmbeddedCluster
import Foundation
import KubernetesModel
import Testing

/// The status subresource: `/status` writes change only status, main-resource writes ignore
/// status, and only spec changes bump `metadata.generation`.
@Suite struct StatusSubresourceTests {
    static let deployments = "/apis/apps/v1/namespaces/default/deployments"
    static let deployment =
        #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}"#

    @Test func statusWritesOnlyChangeStatus() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let api = APIRequests(baseURL: cluster.baseURL)
            let (created, object) = try await api.send("POST", Self.deployments, body: Self.deployment)
            #expect(created == 201)
            #expect(object["status"] == nil)

            // PUT /status carrying spec and label changes: only status is taken.
            var put = object
            put.set(path: ["status"], to: ["replicas": 1, "observedGeneration": 1])
            put.set(path: ["spec", "replicas"], to: 5)
            put.set(path: ["metadata", "labels"], to: ["changed": "yes"])
            let (putStatus, afterPut) = try await api.send("PUT", "\(Self.deployments)/web/status", body: put.serialized())
            #expect(putStatus == 200)
            #expect(afterPut[path: ["status", "replicas"]] == 1)
            #expect(afterPut[path: ["spec", "replicas"]] == 1)
            #expect(afterPut[path: ["metadata", "labels"]] == nil)
            #expect(afterPut[path: ["metadata", "generation"]] == 1)
            #expect(afterPut.resourceVersion != object.resourceVersion)

            let (patchStatus, afterPatch) = try await api.send(
                "PATCH", "\(Self.deployments)/web/status", body: #"{"spec":{"replicas":9},"status":{"readyReplicas":1}}"#,
                contentType: "application/merge-patch+json")
            #expect(patchStatus == 200)
            #expect(afterPatch["status"] == ["replicas": 1, "observedGeneration": 1, "readyReplicas": 1])
            #expect(afterPatch[path: ["spec", "replicas"]] == 1)

            // Main resource: status changes are ignored, labels are not, generation stays.
            var main = afterPatch
            main.set(path: ["status"], to: ["replicas": 7])
            main.set(path: ["metadata", "labels"], to: ["tier": "front"])
            let (mainStatus, afterMain) = try await api.send("PUT", "\(Self.deployments)/web", body: main.serialized())
            #expect(mainStatus == 200)
            #expect(afterMain[path: ["status", "replicas"]] == 1)
            #expect(afterMain[path: ["metadata", "labels", "tier"]] == "front")
            #expect(afterMain[path: ["metadata", "generation"]] == 1)

            // A status-only main-resource patch is a no-op: same resourceVersion.
            let (_, noop) = try await api.send(
                "PATCH", "\(Self.deployments)/web", body: #"{"status":{"replicas":3}}"#, contentType: "application/merge-patch+json")
            #expect(noop.resourceVersion == afterMain.resourceVersion)

            // A spec change bumps the generation.
            let (_, scaled) = try await api.send(
                "PATCH", "\(Self.deployments)/web", body: #"{"spec":{"replicas":3}}"#, contentType: "application/merge-patch+json")
            #expect(scaled[path: ["metadata", "generation"]] == 2)
            #expect(scaled[path: ["status", "replicas"]] == 1)

            // ConfigMaps have no status subresource.
            try await api.createConfigMap("cm")
            let (missing, _) = try await api.send("GET", "/api/v1/namespaces/default/configmaps/cm/status")
            #expect(missing == 404)
        }
    }

    @Test func kubectlPatchesCustomResourceStatus() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            #expect(try await kubectl.run(["apply", "--server-side", "-f", try kubectl.file("crd.yaml", Fixtures.crd)]).exitCode == 0)
            let widget = try kubectl.file("w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n")
            #expect(try await kubectl.run(["apply", "--server-side", "-f", widget]).exitCode == 0)

            let status = try await kubectl.run([
                "patch", "widget", "w", "--subresource=status", "--type=merge", "-p", #"{"status":{"ready":true}}"#,
            ])
            #expect(status.exitCode == 0, "\(status.standardError)")
            #expect(status.standardOutput == "widget.example.com/w patched\n")
            let ignored = try await kubectl.run(["patch", "widget", "w", "--type=merge", "-p", #"{"status":{"ready":false}}"#])
            #expect(ignored.exitCode == 0, "\(ignored.standardError)")
            #expect(ignored.standardOutput == "widget.example.com/w patched (no change)\n")
            let read = try await kubectl.run(["get", "widget", "w", "-o", "jsonpath={.status.ready} {.metadata.generation}"])
            #expect(read.standardOutput == "true 1")
            let spec = try await kubectl.run(["patch", "widget", "w", "--type=merge", "-p", #"{"spec":{"size":2}}"#])
            #expect(spec.standardOutput == "widget.example.com/w patched\n")
            let bumped = try await kubectl.run(["get", "widget", "w", "-o", "jsonpath={.status.ready} {.metadata.generation}"])
            #expect(bumped.standardOutput == "true 2")
        }
    }
}

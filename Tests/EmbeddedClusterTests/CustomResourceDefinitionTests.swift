import EmbeddedCluster
import Foundation
import KubernetesModel
import Testing

/// CRD lifecycle: conditions, cluster scope, and deletion taking its resources with it.
@Suite struct CustomResourceDefinitionTests {
    static let gadgets = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.example.com
        spec:
          group: example.com
          names: {kind: Gadget, plural: gadgets, singular: gadget}
          scope: Cluster
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """

    @Test func conditionsAndClusterScope() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            #expect(try await kubectl.run(["apply", "--server-side", "-f", try kubectl.file("crd.yaml", Self.gadgets)]).exitCode == 0)
            let conditions = try await kubectl.run([
                "get", "crd", "gadgets.example.com", "-o",
                "jsonpath={range .status.conditions[*]}{.type}={.status}/{.reason} {end}{.status.acceptedNames.kind}",
            ])
            #expect(conditions.standardOutput == "NamesAccepted=True/NoConflicts Established=True/InitialNamesAccepted Gadget")
            let wait = try await kubectl.run(["wait", "--for=condition=NamesAccepted", "crd/gadgets.example.com", "--timeout=10s"])
            #expect(wait.exitCode == 0, "\(wait.standardError)")

            let gadget = try kubectl.file(
                "g.yaml", "apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g1\nspec:\n  color: red\n")
            let applied = try await kubectl.run(["apply", "--server-side", "-f", gadget])
            #expect(applied.exitCode == 0, "\(applied.standardError)")
            #expect(applied.standardOutput == "gadget.example.com/g1 serverside-applied\n")
            let object = try JSONValue(parsing: try await kubectl.run(["get", "gadget", "g1", "-o", "json"]).standardOutput)
            #expect(object.namespace == nil)
            #expect(object[path: ["spec", "color"]] == "red")
            let api = APIRequests(baseURL: cluster.baseURL)
            let (namespacedPath, _) = try await api.send("GET", "/apis/example.com/v1/namespaces/default/gadgets/g1")
            #expect(namespacedPath == 404)
            let (resources, list) = try await api.send("GET", "/apis/example.com/v1")
            #expect(resources == 200)
            #expect(list[path: ["resources"]]?.arrayValue?.first?["namespaced"] == false)
        }
    }

    @Test func deletingTheCRDRemovesItsResources() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            let api = APIRequests(baseURL: cluster.baseURL)
            #expect(try await kubectl.run(["apply", "--server-side", "-f", try kubectl.file("crd.yaml", Fixtures.crd)]).exitCode == 0)
            let widgets = (0..<3).map { "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\($0)\nspec:\n  size: \($0)\n" }
            #expect(
                try await kubectl.run(["apply", "--server-side", "-f", try kubectl.file("w.yaml", widgets.joined(separator: "---\n"))])
                    .exitCode == 0)
            #expect(
                try await kubectl.run(["get", "widgets", "-o", "name"]).standardOutput
                    == "widget.example.com/w0\nwidget.example.com/w1\nwidget.example.com/w2\n")
            let start = await cluster.store.currentResourceVersion()

            let deleted = try await kubectl.run(["delete", "crd", "widgets.example.com"])
            #expect(deleted.exitCode == 0, "\(deleted.standardError)")
            #expect(deleted.standardOutput == "customresourcedefinition.apiextensions.k8s.io \"widgets.example.com\" deleted\n")

            // Discovery no longer lists the group; kubectl then knows no such resource type.
            let (_, groups) = try await api.send("GET", "/apis")
            #expect(!(groups["groups"]?.arrayValue ?? []).contains { $0["name"] == "example.com" })
            let (groupVersion, _) = try await api.send("GET", "/apis/example.com/v1")
            #expect(groupVersion == 404)
            let (resourcePath, _) = try await api.send("GET", "/apis/example.com/v1/namespaces/default/widgets")
            #expect(resourcePath == 404)
            let fresh = try Kubectl(cluster)
            let missing = try await fresh.run(["get", "widgets"])
            #expect(missing.exitCode == 1)
            #expect(missing.standardError.hasSuffix("error: the server doesn't have a resource type \"widgets\"\n"))
            // A kubectl whose discovery cache still has the type gets kube-apiserver's 404.
            let cached = try await kubectl.run(["get", "widgets"])
            #expect(cached.exitCode == 1)

            // Every custom resource went away with a DELETED event.
            let (_, events) = try await api.watch(
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions?watch=true&resourceVersion=\(start)&timeoutSeconds=1")
            #expect(events.map(\.eventSummary) == ["DELETED widgets.example.com"])

            // Re-creating the CRD serves an empty resource.
            #expect(try await kubectl.run(["apply", "--server-side", "-f", try kubectl.file("crd2.yaml", Fixtures.crd)]).exitCode == 0)
            let empty = try await fresh.run(["get", "widgets", "-A", "-o", "name"])
            #expect(empty.exitCode == 0, "\(empty.standardError)")
            #expect(empty.standardOutput == "")
        }
    }
}

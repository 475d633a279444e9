import EmbeddedCluster
import Foundation
import KubernetesModel
import Testing

/// Finalizers, deletionTimestamp, terminating namespaces and DELETE response bodies.
@Suite struct DeletionTests {
    static let configMaps = "/api/v1/namespaces/default/configmaps"

    @Test func finalizersHoldTheObjectUntilRemoved() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let api = APIRequests(baseURL: cluster.baseURL)
            let (created, object) = try await api.send(
                "POST", Self.configMaps,
                body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"held","finalizers":["example.com/hold"]}}"#)
            #expect(created == 201)
            let start = try #require(object.resourceVersion)

            let (deleted, marked) = try await api.send("DELETE", "\(Self.configMaps)/held")
            #expect(deleted == 200)
            #expect(marked.kind == "ConfigMap")
            #expect(marked[path: ["metadata", "deletionTimestamp"]]?.stringValue != nil)
            #expect(marked[path: ["metadata", "deletionGracePeriodSeconds"]] == 0)
            #expect(marked[path: ["metadata", "finalizers"]] == ["example.com/hold"])
            let (got, stillThere) = try await api.send("GET", "\(Self.configMaps)/held")
            #expect(got == 200)
            #expect(stillThere[path: ["metadata", "deletionTimestamp"]] == marked[path: ["metadata", "deletionTimestamp"]])
            // A second DELETE changes nothing.
            let (_, again) = try await api.send("DELETE", "\(Self.configMaps)/held")
            #expect(again.resourceVersion == marked.resourceVersion)

            let (forbidden, forbiddenBody) = try await api.send(
                "PATCH", "\(Self.configMaps)/held", body: #"{"metadata":{"finalizers":["example.com/hold","example.com/other"]}}"#,
                contentType: "application/merge-patch+json")
            #expect(forbidden == 422)
            #expect(
                forbiddenBody["message"]
                    == #"ConfigMap "held" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/other"}"#
            )

            let (released, _) = try await api.send(
                "PATCH", "\(Self.configMaps)/held", body: #"{"metadata":{"finalizers":null}}"#, contentType: "application/merge-patch+json")
            #expect(released == 200)
            let (gone, _) = try await api.send("GET", "\(Self.configMaps)/held")
            #expect(gone == 404)

            let (_, events) = try await api.watch("\(Self.configMaps)?watch=true&resourceVersion=\(start)&timeoutSeconds=1")
            #expect(events.map(\.eventSummary) == ["MODIFIED held", "DELETED held"])
            #expect(events.last?[path: ["object", "metadata", "deletionTimestamp"]] != nil)
        }
    }

    @Test func deletionMarkingBumpsGeneration() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let api = APIRequests(baseURL: cluster.baseURL)
            let deployment =
                #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","finalizers":["example.com/hold"]},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}"#
            let (created, object) = try await api.send("POST", "/apis/apps/v1/namespaces/default/deployments", body: deployment)
            #expect(created == 201)
            #expect(object[path: ["metadata", "generation"]] == 1)
            let (_, marked) = try await api.send("DELETE", "/apis/apps/v1/namespaces/default/deployments/web")
            #expect(marked[path: ["metadata", "generation"]] == 2)
        }
    }

    @Test func terminatingNamespaceRefusesNewContent() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            let api = APIRequests(baseURL: cluster.baseURL)
            let setup = try kubectl.file(
                "setup.yaml",
                """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: doomed
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: held
                  namespace: doomed
                  finalizers: [example.com/hold]
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: plain
                  namespace: doomed
                """)
            #expect(try await kubectl.run(["apply", "--server-side", "-f", setup]).exitCode == 0)
            let deleted = try await kubectl.run(["delete", "namespace", "doomed", "--wait=false"])
            #expect(deleted.exitCode == 0, "\(deleted.standardError)")
            #expect(deleted.standardOutput == "namespace \"doomed\" deleted\n")

            let phase = try await kubectl.run(["get", "namespace", "doomed", "-o", "jsonpath={.status.phase}"])
            #expect(phase.standardOutput == "Terminating")
            let remaining = try await kubectl.run([
                "get", "namespace", "doomed", "-o", "jsonpath={.status.conditions[?(@.type==\"NamespaceContentRemaining\")].message}",
            ])
            #expect(remaining.standardOutput == "Some resources are remaining: configmaps. has 1 resource instances")
            let contents = try await kubectl.run(["get", "configmaps", "-n", "doomed", "-o", "name"])
            #expect(contents.standardOutput == "configmap/held\n")

            let newFile = try kubectl.file("new.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: new\n  namespace: doomed\n")
            let refused = try await kubectl.run(["apply", "--server-side", "-f", newFile])
            #expect(refused.exitCode == 1)
            #expect(
                refused.standardError
                    == "Error from server (Forbidden): configmaps \"new\" is forbidden: unable to create new content in namespace doomed because it is being terminated\n"
            )
            let (status, body) = try await api.send(
                "POST", "/api/v1/namespaces/doomed/configmaps", body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"new"}}"#)
            #expect(status == 403)
            #expect(
                body.serialized()
                    == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \"new\" is forbidden: unable to create new content in namespace doomed because it is being terminated","reason":"Forbidden","details":{"name":"new","kind":"configmaps","causes":[{"reason":"NamespaceTerminating","message":"namespace doomed is being terminated","field":"metadata.namespace"}]},"code":403}"#
            )

            // Releasing the last finalizer lets the namespace controller finish.
            async let waited = kubectl.run(["wait", "--for=delete", "namespace/doomed", "--timeout=20s"], timeout: .seconds(30))
            let patched = try await kubectl.run([
                "patch", "configmap", "held", "-n", "doomed", "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#,
            ])
            #expect(patched.exitCode == 0, "\(patched.standardError)")
            let wait = try await waited
            #expect(wait.exitCode == 0, "\(wait.standardError)")
            let missing = try await kubectl.run(["get", "namespace", "doomed"])
            #expect(missing.standardError == "Error from server (NotFound): namespaces \"doomed\" not found\n")
        }
    }

    @Test func deleteResponsesMatchTheGenericRegistry() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let api = APIRequests(baseURL: cluster.baseURL)
            try await api.createConfigMap("a")
            let (_, live) = try await api.send("GET", "\(Self.configMaps)/a")
            let uid = try #require(live.uid)
            // ConfigMaps: ReturnDeletedObject is false, so finalizeDelete answers a Success Status.
            let (status, body) = try await api.send("DELETE", "\(Self.configMaps)/a")
            #expect(status == 200)
            #expect(
                body.serialized()
                    == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name":"a","kind":"configmaps","uid":"\#(uid)"}}"#
            )

            let deployment =
                #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}"#
            let (_, createdDeployment) = try await api.send("POST", "/apis/apps/v1/namespaces/default/deployments", body: deployment)
            let (_, deletedDeployment) = try await api.send("DELETE", "/apis/apps/v1/namespaces/default/deployments/web")
            #expect(deletedDeployment[path: ["details", "group"]] == "apps")
            #expect(deletedDeployment[path: ["details", "kind"]] == "deployments")
            #expect(deletedDeployment[path: ["details", "uid"]] == createdDeployment[path: ["metadata", "uid"]])

            // Services: ReturnDeletedObject is true, the answer is the Service.
            let (_, _) = try await api.send(
                "POST", "/api/v1/namespaces/default/services",
                body: #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"svc"},"spec":{"ports":[{"port":80}]}}"#)
            let (serviceStatus, service) = try await api.send("DELETE", "/api/v1/namespaces/default/services/svc")
            #expect(serviceStatus == 200)
            #expect(service.kind == "Service")
            #expect(service.name == "svc")

            let kubectl = try Kubectl(cluster)
            try await api.createConfigMap("b")
            let deleted = try await kubectl.run(["delete", "configmap", "b"])
            #expect(
                deleted.standardOutput == "configmap \"b\" deleted from default namespace\n"
                    || deleted.standardOutput == "configmap \"b\" deleted\n")
        }
    }
}

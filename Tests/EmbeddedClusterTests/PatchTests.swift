import EmbeddedCluster
import Foundation
import KubernetesModel
import Testing

/// `kubectl patch` with each `--type`, strategic merge keys and directives, and PUT with a
/// stale resourceVersion (what `kubectl edit`/`replace` run into).
@Suite struct PatchTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1
                ports:
                - containerPort: 80
                  protocol: TCP
                env:
                - {name: A, value: "1"}
                - {name: B, value: "2"}
                volumeMounts:
                - {name: data, mountPath: /data}
              volumes:
              - name: data
                emptyDir: {}
        """

    @Test func strategicMergePatchUsesMergeKeys() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            #expect(try await kubectl.run(["apply", "--server-side", "-f", try kubectl.file("d.yaml", Self.deployment)]).exitCode == 0)
            func read(_ jsonpath: String) async throws -> String {
                try await kubectl.run(["get", "deployment", "web", "-o", "jsonpath=\(jsonpath)"]).standardOutput
            }
            let env =
                #"{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:2","env":[{"name":"B","value":"3"},{"name":"C","value":"4"}],"ports":[{"containerPort":8080}]}]}}}}"#
            let patched = try await kubectl.run(["patch", "deployment", "web", "-p", env])
            #expect(patched.exitCode == 0, "\(patched.standardError)")
            #expect(patched.standardOutput == "deployment.apps/web patched\n")
            #expect(try await read("{.spec.template.spec.containers[0].image}") == "nginx:2")
            #expect(try await read("{range .spec.template.spec.containers[0].env[*]}{.name}={.value} {end}") == "A=1 B=3 C=4 ")
            // As kube-apiserver (apimachinery's strategic merge, see PatchingTests): the patch's
            // new items come before the server's other items.
            #expect(try await read("{.spec.template.spec.containers[0].ports[*].containerPort}") == "8080 80")
            #expect(try await read("{.spec.template.spec.containers[0].volumeMounts[0].mountPath}") == "/data")
            #expect(try await read("{.metadata.generation}") == "2")

            let sidecar =
                #"{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}],"volumes":[{"name":"cache","emptyDir":{}}]}}}}"#
            #expect(try await kubectl.run(["patch", "deployment", "web", "-p", sidecar]).exitCode == 0)
            #expect(try await read("{.spec.template.spec.containers[*].name}") == "sidecar web")
            #expect(try await read("{.spec.template.spec.volumes[*].name}") == "cache data")

            let delete =
                #"{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"A","$patch":"delete"}]},{"name":"sidecar","$patch":"delete"}],"volumes":[{"name":"data","$patch":"delete"}]}}}}"#
            let deleted = try await kubectl.run(["patch", "deployment", "web", "--type=strategic", "-p", delete])
            #expect(deleted.exitCode == 0, "\(deleted.standardError)")
            #expect(try await read("{.spec.template.spec.containers[*].name}") == "web")
            #expect(try await read("{.spec.template.spec.containers[0].env[*].name}") == "B C")
            #expect(try await read("{.spec.template.spec.volumes[*].name}") == "cache")

            // Same patch again: nothing changes and kubectl says so.
            let unchanged = try await kubectl.run(["patch", "deployment", "web", "-p", env])
            #expect(unchanged.standardOutput == "deployment.apps/web patched (no change)\n")
        }
    }

    @Test func jsonAndMergePatches() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            #expect(try await kubectl.run(["apply", "--server-side", "-f", try kubectl.file("d.yaml", Self.deployment)]).exitCode == 0)
            let json = try await kubectl.run([
                "patch", "deployment", "web", "--type=json", "-p",
                #"[{"op":"replace","path":"/spec/replicas","value":3},{"op":"add","path":"/metadata/labels","value":{"tier":"front"}},{"op":"remove","path":"/spec/template/spec/containers/0/env/0"}]"#,
            ])
            #expect(json.exitCode == 0, "\(json.standardError)")
            #expect(json.standardOutput == "deployment.apps/web patched\n")
            let merge = try await kubectl.run([
                "patch", "deployment", "web", "--type=merge", "-p", #"{"metadata":{"labels":{"tier":null,"team":"a"}}}"#,
            ])
            #expect(merge.exitCode == 0, "\(merge.standardError)")
            let read = try await kubectl.run([
                "get", "deployment", "web", "-o",
                "jsonpath={.spec.replicas} {.metadata.labels} {.spec.template.spec.containers[0].env[*].name}",
            ])
            #expect(read.standardOutput == #"3 {"team":"a"} B"#)

            // A merge patch replaces lists whole.
            _ = try await kubectl.run([
                "patch", "deployment", "web", "--type=merge", "-p",
                #"{"spec":{"template":{"spec":{"volumes":[{"name":"other","emptyDir":{}}]}}}}"#,
            ])
            let volumes = try await kubectl.run(["get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.volumes[*].name}"])
            #expect(volumes.standardOutput == "other")

            let failed = try await kubectl.run([
                "patch", "deployment", "web", "--type=json", "-p", #"[{"op":"test","path":"/spec/replicas","value":9}]"#,
            ])
            #expect(failed.exitCode == 1)
            // The 422 carries the fixed message and evanphx/json-patch's error as its only cause.
            #expect(failed.standardError == "The request is invalid: : testing value /spec/replicas failed: test failed\n")
        }
    }

    @Test func customResourcesRefuseStrategicMergePatch() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            let api = APIRequests(baseURL: cluster.baseURL)
            #expect(try await kubectl.run(["apply", "--server-side", "-f", try kubectl.file("crd.yaml", Fixtures.crd)]).exitCode == 0)
            #expect(
                try await kubectl.run([
                    "apply", "--server-side", "-f",
                    try kubectl.file("w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n"),
                ]).exitCode == 0)
            let (status, body) = try await api.send(
                "PATCH", "/apis/example.com/v1/namespaces/default/widgets/w", body: #"{"spec":{"size":2}}"#,
                contentType: "application/strategic-merge-patch+json")
            #expect(status == 415)
            #expect(
                body.serialized()
                    == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml","reason":"UnsupportedMediaType","code":415}"#
            )
            let merged = try await kubectl.run(["patch", "widget", "w", "--type=merge", "-p", #"{"spec":{"size":2}}"#])
            #expect(merged.standardOutput == "widget.example.com/w patched\n")
        }
    }

    @Test func staleResourceVersionConflicts() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            let api = APIRequests(baseURL: cluster.baseURL)
            try await api.createConfigMap("settings", data: ["k": "v1"])
            let fetched = try await kubectl.run(["get", "configmap", "settings", "-o", "json"])
            var edited = try JSONValue(parsing: fetched.standardOutput)
            edited.set(path: ["data", "k"], to: "mine")
            let file = try kubectl.file("edited.json", edited.serialized())
            // Someone else writes first.
            #expect(
                try await kubectl.run(["patch", "configmap", "settings", "--type=merge", "-p", #"{"data":{"k":"theirs"}}"#]).exitCode == 0)
            let replaced = try await kubectl.run(["replace", "-f", file])
            #expect(replaced.exitCode == 1)
            #expect(
                replaced.standardError
                    == "Error from server (Conflict): error when replacing \"\(file)\": Operation cannot be fulfilled on configmaps \"settings\": the object has been modified; please apply your changes to the latest version and try again\n"
            )
            // With the current resourceVersion the PUT goes through.
            let current = try JSONValue(parsing: try await kubectl.run(["get", "configmap", "settings", "-o", "json"]).standardOutput)
            edited.resourceVersion = current.resourceVersion
            let fresh = try kubectl.file("fresh.json", edited.serialized())
            let ok = try await kubectl.run(["replace", "-f", fresh])
            #expect(ok.exitCode == 0, "\(ok.standardError)")
            #expect(ok.standardOutput == "configmap/settings replaced\n")
        }
    }
}

import EmbeddedCluster
import Foundation
import KubernetesModel
import Testing

/// Real kubectl against the embedded server: the workflows issue 2 lists, with outputs and
/// exit codes compared with what kube-apiserver makes kubectl print.
@Suite struct KubectlScenarioTests {
    @Test func serverSideApplyOfADirectoryWithACRD() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            let crdFile = try kubectl.file("crd.yaml", Fixtures.crd)
            let crd = try await kubectl.run(["apply", "--server-side", "-f", crdFile])
            #expect(crd.exitCode == 0, "\(crd.standardError)")
            #expect(crd.standardOutput == "customresourcedefinition.apiextensions.k8s.io/widgets.example.com serverside-applied\n")
            let wait = try await kubectl.run(["wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=20s"])
            #expect(wait.exitCode == 0, "\(wait.standardError)")
            #expect(wait.standardOutput == "customresourcedefinition.apiextensions.k8s.io/widgets.example.com condition met\n")

            let fixtures = Fixtures.directory()
            #expect(fixtures.count >= 40)
            for fixture in fixtures { try kubectl.file("manifests/\(fixture.file)", fixture.yaml) }
            let directory = "\(kubectl.directory.path)/manifests"
            let expected = fixtures.map { "\($0.printed) serverside-applied\n" }.joined()
            let applied = try await kubectl.run(["apply", "--server-side", "-f", directory])
            #expect(applied.exitCode == 0, "\(applied.standardError)")
            #expect(applied.standardOutput == expected)
            #expect(applied.standardError == "")

            // Unchanged re-apply: same output, and nothing is written.
            let before = await cluster.store.currentResourceVersion()
            let again = try await kubectl.run(["apply", "--server-side", "-f", directory])
            #expect(again.exitCode == 0)
            #expect(again.standardOutput == expected)
            #expect(await cluster.store.currentResourceVersion() == before)

            // get -o json of a custom resource.
            let widget = try await kubectl.run(["get", "widget", "widget-2", "-n", "shop", "-o", "json", "--show-managed-fields"])
            #expect(widget.exitCode == 0, "\(widget.standardError)")
            let object = try JSONValue(parsing: widget.standardOutput)
            #expect(object[path: ["spec", "size"]] == 3)
            #expect(object[path: ["metadata", "generation"]] == 1)
            #expect(object[path: ["metadata", "managedFields"]]?.arrayValue?.first?["manager"] == "kubectl")
            #expect(
                object[path: ["metadata", "managedFields"]]?.arrayValue?.first?["fieldsV1"]
                    == (try JSONValue(parsing: #"{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:color":{},"f:size":{}}}"#)))

            // Tables: CRD printer columns and built-in columns.
            let widgets = try await kubectl.run(["get", "widgets", "-n", "shop"])
            #expect(widgets.standardOutput.hasPrefix("NAME       SIZE   AGE\nwidget-0   1      "))
            let deployments = try await kubectl.run(["get", "deployments", "-n", "shop"])
            #expect(
                deployments.standardOutput.hasPrefix(
                    "NAME    READY   UP-TO-DATE   AVAILABLE   AGE\nweb-0   0/2     0            0           "))

            // Label selectors.
            let web = try await kubectl.run(["get", "configmaps", "-n", "shop", "-l", "app=web", "-o", "name"])
            #expect(web.standardOutput == (0..<10).filter { $0 % 2 == 0 }.map { "configmap/config-\($0)\n" }.joined())
            let notWeb = try await kubectl.run(["get", "configmaps", "-n", "shop", "-l", "app notin (web)", "-o", "name"])
            #expect(notWeb.standardOutput == (0..<10).filter { $0 % 2 == 1 }.map { "configmap/config-\($0)\n" }.joined())

            // Delete.
            let deleted = try await kubectl.run(["delete", "configmap", "config-9", "-n", "shop"])
            #expect(deleted.exitCode == 0, "\(deleted.standardError)")
            #expect(
                deleted.standardOutput == "configmap \"config-9\" deleted from shop namespace\n"
                    || deleted.standardOutput == "configmap \"config-9\" deleted\n")
            let missing = try await kubectl.run(["get", "configmap", "config-9", "-n", "shop"])
            #expect(missing.exitCode == 1)
            #expect(missing.standardError == "Error from server (NotFound): configmaps \"config-9\" not found\n")
        }
    }

    @Test func fieldManagerConflictAndForce() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            let first = try kubectl.file(
                "a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\ndata:\n  key: one\n  other: x\n")
            let second = try kubectl.file("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\ndata:\n  key: two\n")
            #expect(try await kubectl.run(["apply", "--server-side", "-f", first]).exitCode == 0)
            let conflict = try await kubectl.run(["apply", "--server-side", "--field-manager=other", "-f", second])
            #expect(conflict.exitCode == 1)
            #expect(conflict.standardOutput == "")
            #expect(
                conflict.standardError.hasPrefix(
                    "error: Apply failed with 1 conflict: conflict with \"kubectl\": .data.key\nPlease review the fields above--they currently have other managers."
                ))
            let forced = try await kubectl.run(["apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", second])
            #expect(forced.exitCode == 0, "\(forced.standardError)")
            #expect(forced.standardOutput == "configmap/shared serverside-applied\n")
            let value = try await kubectl.run(["get", "configmap", "shared", "-o", "jsonpath={.data.key}"])
            #expect(value.standardOutput == "two")

            // The first manager drops `other`, which it alone owned: it is removed.
            let trimmed = try kubectl.file("c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\ndata: {}\n")
            #expect(try await kubectl.run(["apply", "--server-side", "-f", trimmed]).exitCode == 0)
            let data = try await kubectl.run(["get", "configmap", "shared", "-o", "jsonpath={.data}"])
            #expect(data.standardOutput == "{\"key\":\"two\"}")
        }
    }

    @Test func immutableSelectorIsRejected() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            let deployment = { (label: String) in
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: \(label)\n  template:\n    metadata:\n      labels:\n        app: \(label)\n    spec:\n      containers:\n      - name: web\n        image: nginx\n"
            }
            #expect(try await kubectl.run(["apply", "--server-side", "-f", try kubectl.file("a.yaml", deployment("one"))]).exitCode == 0)
            let changed = try await kubectl.run(["apply", "--server-side", "-f", try kubectl.file("b.yaml", deployment("two"))])
            #expect(changed.exitCode == 1)
            #expect(
                changed.standardError
                    == "The Deployment \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"two\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable\n"
            )
        }
    }

    @Test func namespaceDeletionRemovesContents() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            let setup = try kubectl.file(
                "ns.yaml",
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: temp\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: temp\n"
            )
            let created = try await kubectl.run(["apply", "--server-side", "-f", setup])
            #expect(created.standardOutput == "namespace/temp serverside-applied\nconfigmap/a serverside-applied\n")
            let deleted = try await kubectl.run(["delete", "namespace", "temp"])
            #expect(deleted.exitCode == 0, "\(deleted.standardError)")
            #expect(deleted.standardOutput == "namespace \"temp\" deleted\n")
            let list = try await kubectl.run(["get", "configmaps", "-n", "temp"])
            #expect(list.standardError == "No resources found in temp namespace.\n")
            let recreate = try await kubectl.run([
                "apply", "--server-side", "-f",
                try kubectl.file("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: temp\n"),
            ])
            #expect(recreate.exitCode == 1)
            #expect(recreate.standardError == "Error from server (NotFound): namespaces \"temp\" not found\n")
        }
    }

    @Test func boundedWatch() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            let configMap = { (name: String) in "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n" }
            #expect(
                try await kubectl.run(["apply", "--server-side", "-f", try kubectl.file("first.yaml", configMap("first"))]).exitCode == 0)
            async let watched = kubectl.run(["get", "configmaps", "--watch", "--request-timeout=5s"], timeout: .seconds(20))
            for _ in 0..<200 where await cluster.store.activeWatchCount() < 1 { try await Task.sleep(for: .milliseconds(100)) }
            #expect(
                try await kubectl.run(["apply", "--server-side", "-f", try kubectl.file("second.yaml", configMap("second"))]).exitCode == 0)
            let result = try await watched
            let names = result.standardOutput.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
            #expect(names.first == "NAME")
            #expect(names.contains("first"))
            #expect(names.contains("second"))
        }
    }
}

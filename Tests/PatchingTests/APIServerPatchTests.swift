import CommandRunner
import Foundation
import KubernetesModel
import Patching
import TestSupport
import Testing

/// Strategic merge, JSON merge and JSON patches applied natively and by
/// `kubectl patch --local` (apimachinery's code, what kube-apiserver runs); results must be
/// equal. Inputs are JSON so YAML 1.1 quirks (`Y` read as true) stay out of the way.
@Suite struct APIServerPatchTests {
    static let deployment = #"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","finalizers":["a","b"],"labels":{"app":"web"}},
         "spec":{"replicas":1,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}},
          "template":{"metadata":{"labels":{"app":"web"}},"spec":{
           "containers":[{"name":"a","image":"a:1","args":["x","y"],"ports":[{"containerPort":80,"protocol":"TCP"}],
                          "env":[{"name":"X","value":"1"},{"name":"Y","value":"2"}]},
                         {"name":"b","image":"b:1"}],
           "volumes":[{"name":"data","emptyDir":{}}]}}}}
        """#
    static let service = #"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"selector":{"app":"web"},
         "ports":[{"name":"http","port":80,"protocol":"TCP"},{"name":"https","port":443,"protocol":"TCP"}]}}
        """#

    /// (name, object, patch type, patch)
    static let cases: [(String, String, String, String)] = [
        ("add-container", deployment, "strategic", #"{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"c"}]}}}}"#),
        (
            "merge-and-add", deployment, "strategic",
            #"{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"b2"},{"name":"c","image":"c"}]}}}}"#
        ),
        (
            "new-then-existing", deployment, "strategic",
            #"{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"c"},{"name":"a","image":"a2"}]}}}}"#
        ),
        (
            "delete-item", deployment, "strategic",
            #"{"spec":{"template":{"spec":{"containers":[{"name":"a","$patch":"delete"},{"name":"c","image":"c"}]}}}}"#
        ),
        (
            "replace-list", deployment, "strategic",
            #"{"spec":{"template":{"spec":{"containers":[{"name":"z","image":"z"},{"$patch":"replace"}]}}}}"#
        ),
        ("replace-map", deployment, "strategic", #"{"spec":{"$patch":"replace","replicas":3}}"#),
        ("delete-map", deployment, "strategic", #"{"spec":{"template":{"metadata":{"$patch":"delete"}}}}"#),
        ("retain-keys", deployment, "strategic", #"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#),
        (
            "delete-from-primitive-list", deployment, "strategic",
            #"{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"],"finalizers":["c"]}}"#
        ),
        (
            "set-element-order", deployment, "strategic",
            #"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"c"},{"name":"a"}],"containers":[{"name":"c","image":"c:1"}]}}}}"#
        ),
        (
            "set-element-order-primitives", deployment, "strategic",
            #"{"metadata":{"$setElementOrder/finalizers":["c","b","a"],"finalizers":["c"]}}"#
        ),
        ("primitive-merge", deployment, "strategic", #"{"metadata":{"finalizers":["c","a"]}}"#),
        (
            "nested-env", deployment, "strategic",
            #"{"spec":{"template":{"spec":{"containers":[{"name":"a","env":[{"name":"Y","value":"3"},{"name":"Z","value":"4"}]}]}}}}"#
        ),
        (
            "container-ports", deployment, "strategic",
            #"{"spec":{"template":{"spec":{"containers":[{"name":"a","ports":[{"containerPort":8080}]}]}}}}"#
        ),
        ("args-replaced", deployment, "strategic", #"{"spec":{"template":{"spec":{"containers":[{"name":"a","args":["q"]}]}}}}"#),
        ("null-deletes", deployment, "strategic", #"{"metadata":{"labels":{"app":null}},"spec":{"strategy":null}}"#),
        ("service-ports", service, "strategic", #"{"spec":{"ports":[{"name":"http2","port":8080},{"port":443,"targetPort":8443}]}}"#),
        (
            "merge-patch", deployment, "merge",
            #"{"metadata":{"labels":{"app":null,"t":"x"}},"spec":{"template":{"spec":{"volumes":[{"name":"o","emptyDir":{}}]}}}}"#
        ),
        (
            "json-patch-lenient", deployment, "json",
            #"[{"op":"replace","path":"/spec/nothing","value":1},{"op":"copy","from":"/spec/zzz","path":"/spec/b"},{"op":"add","path":"/spec/template/spec/containers/-1","value":{"name":"neg"}},{"op":"replace","path":"/spec/template/spec/containers/-1/image","value":"last"},{"op":"remove","path":"/metadata/finalizers/-2"},{"op":"test","path":"/spec/missing","value":null}]"#
        ),
        (
            "json-patch", deployment, "json",
            #"[{"op":"replace","path":"/spec/replicas","value":3},{"op":"add","path":"/metadata/labels/t","value":"x"},{"op":"remove","path":"/spec/template/spec/containers/0/env/0"},{"op":"move","from":"/metadata/labels/app","path":"/metadata/labels/moved"},{"op":"copy","from":"/spec/replicas","path":"/spec/minReadySeconds"},{"op":"add","path":"/metadata/finalizers/-","value":"z"}]"#
        ),
    ]

    @Test(arguments: cases.map(\.0))
    func patchesLikeKubectl(_ name: String) async throws {
        let (_, object, type, patch) = try #require(Self.cases.first { $0.0 == name })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patching-\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }  // deliberate: best-effort cleanup
        let file = directory.appendingPathComponent("object.json").path
        try object.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try await Command.run(
            try Tools.kubectl(),
            arguments: ["patch", "--local", "-f", file, "--type", type, "-p", patch, "-o", "json"],
            environment: ["KUBECONFIG": "/dev/null"], timeout: .seconds(60))
        try #require(result.exitCode == 0, "kubectl patch failed: \(result.standardError)")
        let expected = try JSONValue(parsing: result.standardOutput)

        let target = try JSONValue(parsing: object)
        let body = try JSONValue(parsing: patch)
        let native: JSONValue
        switch type {
        case "strategic":
            native = try #require(try StrategicMergePatch(.apiServer, strategies: .forObject(target)).apply(body, to: target))
        case "merge":
            native = JSONMergePatch.apply(body, to: target)
        default:
            native = try JSONPatch(body).apply(to: target)
        }
        #expect(Canonical.text(native) == Canonical.text(expected))
    }

    @Test func failingOperationsAreErrors() throws {
        let target = try JSONValue(parsing: Self.deployment)
        #expect(throws: PatchError("testing value /spec/replicas failed: test failed")) {
            try JSONPatch(JSONValue(parsing: #"[{"op":"test","path":"/spec/replicas","value":9}]"#)).apply(to: target)
        }
        #expect(throws: PatchError.self) {
            try JSONPatch(JSONValue(parsing: #"[{"op":"remove","path":"/spec/nothing"}]"#)).apply(to: target)
        }
        #expect(throws: PatchError.self) {
            try JSONPatch(JSONValue(parsing: #"[{"op":"replace","path":"/spec/a/b","value":1}]"#)).apply(to: target)
        }
        let merge = StrategicMergePatch(.apiServer, strategies: .forObject(target))
        #expect(throws: PatchError.self) {
            try merge.apply(JSONValue(parsing: #"{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}"#), to: target)
        }
    }
}

/// JSON text with keys sorted at every level, to compare objects whatever their key order.
enum Canonical {
    static func text(_ value: JSONValue) -> String { sorted(value).serialized() }

    static func sorted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var result = JSONObject()
            for key in object.keys.sorted() { result[key] = object[key].map(sorted) }
            return .object(result)
        case .array(let items):
            return .array(items.map(sorted))
        default:
            return value
        }
    }
}

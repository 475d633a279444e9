import KubernetesModel
import Patching
import Testing

/// kustomize's (kyaml) strategic merge semantics; the byte-for-byte comparison with
/// `kubectl kustomize` is in KustomizeTests (the smp-* and patch-* cases).
@Suite struct KustomizePatchTests {
    static let deployment =
        #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}}}"#

    @Test func patchItemsComeFirstAndDirectivesAreHonoured() throws {
        let target = try JSONValue(parsing: Self.deployment)
        let patch = try JSONValue(
            parsing: #"{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"c"},{"name":"a","$patch":"delete"}]}}}}"#)
        let result = try #require(StrategicMergePatch.kustomize(patch, to: target))
        let names = result[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["c", "b"])
        let delete = try JSONValue(parsing: #"{"$patch":"delete"}"#)
        #expect(StrategicMergePatch.kustomize(delete, to: target) == nil)
    }

    @Test func customResourceListsAreReplaced() throws {
        let target = try JSONValue(
            parsing: #"{"apiVersion":"example.com/v1","kind":"W","metadata":{"name":"w"},"spec":{"containers":[{"name":"a"}]}}"#)
        let patch = try JSONValue(parsing: #"{"spec":{"containers":[{"name":"b"}]}}"#)
        let result = try #require(StrategicMergePatch.kustomize(patch, to: target))
        #expect(result[path: ["spec", "containers"]] == .array([.object(["name": "b"])]))
    }
}

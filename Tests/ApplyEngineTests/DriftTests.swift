import KubernetesModel
import Testing

@testable import ApplyEngine

@Suite struct DriftTests {
    let mark = SyncMark(value: "sha256.m")
    let manifest: JSONValue = [
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": ["name": "web", "namespace": "apps"],
        "spec": ["replicas": 2, "template": ["spec": ["containers": [["name": "main", "image": "nginx:1"]]]]],
    ]

    /// What the server returns after applying `prepared`: defaults and bookkeeping added.
    func live(from prepared: JSONValue) -> JSONValue {
        var live = prepared
        live.set(path: ["metadata", "resourceVersion"], to: "12")
        live.set(path: ["metadata", "uid"], to: "u-1")
        live.set(path: ["spec", "strategy"], to: ["type": "RollingUpdate"])
        live.set(
            path: ["spec", "template", "spec", "containers"], to: [["name": "main", "image": "nginx:1", "imagePullPolicy": "IfNotPresent"]])
        live.set(path: ["status"], to: ["replicas": 2])
        return live
    }

    @Test func appliedObjectWithServerDefaultsIsInSync() {
        let prepared = Drift.prepared(manifest, mark: mark)
        #expect(prepared.labels[SyncMark.label] == mark.value)
        #expect(prepared.annotations[Drift.checksumAnnotation]?.count == 64)
        #expect(Drift.isInSync(prepared: prepared, live: live(from: prepared)))
    }

    @Test func handEditedFieldIsDrift() {
        let prepared = Drift.prepared(manifest, mark: mark)
        var edited = live(from: prepared)
        edited.set(path: ["spec", "replicas"], to: 5)
        #expect(!Drift.isInSync(prepared: prepared, live: edited))
    }

    @Test func fieldRemovedFromGitChangesTheChecksum() {
        let before = Drift.prepared(manifest, mark: mark)
        var shrunk = manifest
        shrunk.set(path: ["spec", "replicas"], to: nil)
        let after = Drift.prepared(shrunk, mark: mark)
        // The live object still satisfies the smaller manifest, but was applied from another one.
        #expect(Drift.isSubset(after, of: live(from: before)) == false || after.annotations != before.annotations)
        #expect(!Drift.isInSync(prepared: after, live: live(from: before)))
    }

    @Test func listsMustMatchElementByElement() {
        #expect(Drift.isSubset(["a": [1, 2]], of: ["a": [1, 2], "b": 3]))
        #expect(!Drift.isSubset(["a": [1, 2]], of: ["a": [1, 2, 3]]))
        #expect(!Drift.isSubset(["a": [1, 2]], of: ["a": [2, 1]]))
        #expect(Drift.isSubset(["a": 1], of: ["a": 1.0]))
        #expect(Drift.isSubset(["a": .null, "b": [:]], of: [:]))
        #expect(!Drift.isSubset(["a": "x"], of: [:]))
    }
}

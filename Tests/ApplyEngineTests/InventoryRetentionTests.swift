import KubernetesModel
import Logging
import Testing

@testable import ApplyEngine

/// Issue 16, finding 5: a pass that did not prune must not drop prune candidates from the
/// inventory, or the objects are orphaned for ever. Candidates stay recorded until they are
/// pruned, come back, vanish, or stop carrying this installation's mark.
@Suite struct InventoryRetentionTests {
    static let mark = SyncMark(value: "sha256.test")
    static let logger = Logger(label: "inventory-test")

    static func configMap(_ name: String, marked: Bool = true, annotations: [String: String] = [:]) -> JSONValue {
        var metadata: JSONObject = ["name": .string(name), "namespace": "apps"]
        if marked { metadata["labels"] = [SyncMark.label: .string(mark.value)] }
        if !annotations.isEmpty {
            var object = JSONObject()
            for (key, value) in annotations { object[key] = .string(value) }
            metadata["annotations"] = .object(object)
        }
        return ["apiVersion": "v1", "kind": "ConfigMap", "metadata": .object(metadata)]
    }

    static func entry(_ name: String) -> InventoryEntry {
        InventoryEntry(key: ObjectKey(group: "", kind: "ConfigMap", namespace: "apps", name: name), apiVersion: "v1")
    }

    static func engine(_ cluster: FakeCluster, gc: Bool = true, dry: Bool = false) -> SyncEngine {
        SyncEngine(
            cluster: cluster, settings: SyncEngine.Settings(mark: mark, garbageCollection: gc, garbageCollectionDry: dry),
            logger: logger)
    }

    @Test func refusedPruneKeepsEveryCandidate() async throws {
        let cluster = FakeCluster(objects: [Self.configMap("a"), Self.configMap("b")])
        let previous = [Self.entry("a"), Self.entry("b")]
        // The commit renders nothing: the prune is refused, and the inventory keeps both.
        let outcome = await Self.engine(cluster).sync([], previous: previous)
        #expect(!outcome.changes.succeeded)
        #expect(Set(outcome.inventory) == Set(previous))
        // The next pass (same empty render) still refuses and still remembers them.
        let again = await Self.engine(cluster).sync([], previous: outcome.inventory)
        #expect(Set(again.inventory) == Set(previous))
        #expect(await cluster.deleted().isEmpty)
        // Once something renders again, the candidates are pruned and only then forgotten.
        let keep = try DesiredObject(object: Self.configMap("c"))
        let pruned = await Self.engine(cluster).sync([keep], previous: again.inventory)
        #expect(Set(await cluster.deleted().map(\.name)) == ["a", "b"])
        #expect(pruned.inventory == [Self.entry("c")])
    }

    @Test func candidatesSurviveDisabledDryAndFailedPrunes() async throws {
        let keep = try DesiredObject(object: Self.configMap("keep"))
        let cluster = FakeCluster(objects: [Self.configMap("keep"), Self.configMap("old")])
        await cluster.failDelete(Self.entry("old").key, with: .unavailable)
        let previous = [Self.entry("keep"), Self.entry("old")]
        for engine in [Self.engine(cluster, gc: false), Self.engine(cluster, dry: true), Self.engine(cluster)] {
            let outcome = await engine.sync([keep], previous: previous)
            #expect(Set(outcome.inventory) == Set(previous))
        }
        // Only the last engine tried (and failed) to delete it; the object is still there.
        #expect(await cluster.object(Self.entry("old").key) != nil)
    }

    @Test func goneOrForeignCandidatesAreForgotten() async throws {
        let keep = try DesiredObject(object: Self.configMap("keep"))
        let cluster = FakeCluster(objects: [
            Self.configMap("keep"), Self.configMap("foreign", marked: false),
            Self.configMap("held", annotations: ["fluxcd.io/ignore": "sync_only"]),
        ])
        let previous = [Self.entry("keep"), Self.entry("gone"), Self.entry("foreign"), Self.entry("held")]
        let outcome = await Self.engine(cluster).sync([keep], previous: previous)
        // `gone` no longer exists and `foreign` is not ours; `held` is kept alive by its annotation.
        #expect(Set(outcome.inventory) == [Self.entry("keep"), Self.entry("held")])
        #expect(await cluster.deleted().isEmpty)
    }
}

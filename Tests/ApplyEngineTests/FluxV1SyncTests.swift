import KubernetesModel
import TestSupport
import Testing

@testable import ApplyEngine

/// Flux v1's sync table (`pkg/cluster/kubernetes/sync_test.go`: `TestSyncNop`, `TestSync`'s
/// cases, `TestApplyOrder`), ported to `SyncEngine` over the scripted cluster: each step syncs
/// a set of manifests and checks which objects this installation's syncs left in the cluster.
/// Flux v1 found them by its garbage-collection label; fluxd by its mark and inventory.
///
/// Deliberate differences:
/// - A sync whose paths render nothing prunes nothing (Flux v1 with garbage collection deleted
///   everything it had applied): an empty render is far more often a broken path or generator
///   than a wish to delete every workload. Flux v1's steps that sync `""` to delete are ported
///   as syncs that keep one object (the Namespace).
/// - Flux v1 filled in the namespace of namespaced objects while loading them (`sync applies
///   default namespace`, `...got the fallback namespace`); that is `Manifests`' job here
///   (`NamespaceDefaulting`), so the engine's objects always carry theirs.
@Suite(.timeLimit(.minutes(1)))
struct FluxV1SyncTests {
    /// One installation syncing again and again, its inventory carried from pass to pass.
    final class Harness {
        let cluster = FakeCluster()
        var inventory: [InventoryEntry] = []
        var gc = false
        var dryGC = false

        @discardableResult
        func sync(_ manifests: [JSONValue]) async throws -> SyncEngine.Outcome {
            let objects = try manifests.map { try Fixture.desired($0) }
            let outcome = await Fixture.engine(cluster, garbageCollection: gc || dryGC, dryRun: dryGC)
                .sync(objects, previous: inventory)
            inventory = outcome.inventory
            return outcome
        }

        /// `getAllowedGCMarkedResourcesInSyncSet`: the objects carrying this installation's mark.
        func synced() async -> Set<String> {
            Set(await cluster.objects.values.filter { Fixture.mark.isCarried(by: $0) }.compactMap { $0.objectKey?.description })
        }
    }

    static let ns1 = Fixture.manifest("v1", "Namespace", nil, "foobar")
    static let defs1 = deployment("foobar", "dep1")
    static let defs2 = deployment("foobar", "dep2")
    static let ns3 = Fixture.manifest("v1", "Namespace", nil, "other")
    static let defs3 = deployment("other", "dep3")

    static func deployment(_ namespace: String, _ name: String, annotations: [String: String] = [:], app: String? = nil)
        -> JSONValue
    {
        var object = Fixture.manifest("apps/v1", "Deployment", namespace, name, annotations: annotations)
        if let app { object.set(path: ["spec", "metadata", "labels", "app"], to: .string(app)) }
        return object
    }

    static func ids(_ manifests: [JSONValue]) -> Set<String> { Set(manifests.compactMap { $0.objectKey?.description }) }

    /// TestSyncNop: an empty sync runs nothing against the cluster.
    @Test func syncNop() async throws {
        let harness = Harness()
        try await harness.sync([])
        #expect(await harness.cluster.applied().isEmpty)
        #expect(await harness.cluster.deleted().isEmpty)
    }

    /// "sync adds and GCs resources".
    @Test func syncAddsAndGCsResources() async throws {
        let harness = Harness()
        // Without GC, resources persist when later syncs do not mention them.
        for (defs, expected) in [
            ([JSONValue](), [JSONValue]()), ([Self.ns1, Self.defs1], [Self.ns1, Self.defs1]),
            ([Self.ns1, Self.defs1, Self.defs2], [Self.ns1, Self.defs1, Self.defs2]),
            ([Self.ns3, Self.defs3], [Self.ns1, Self.defs1, Self.defs2, Self.ns3, Self.defs3]),
        ] {
            try await harness.sync(defs)
            #expect(await harness.synced() == Self.ids(expected))
        }
        // With GC, what a sync does not include is deleted.
        harness.gc = true
        for defs in [[Self.ns1, Self.defs2, Self.ns3, Self.defs3], [Self.ns1, Self.defs1, Self.defs2], [Self.ns1]] {
            let outcome = try await harness.sync(defs)
            #expect(outcome.changes.succeeded)
            #expect(await harness.synced() == Self.ids(defs), "\(Self.ids(defs))")
        }
        // Flux v1's last step, an empty sync, deleted everything; fluxd refuses (see above).
        let outcome = try await harness.sync([])
        #expect(!outcome.changes.succeeded)
        #expect(await harness.synced() == Self.ids([Self.ns1]))
    }

    /// "sync adds and GCs dry run": the collection runs, logs, and deletes nothing.
    @Test func syncAddsAndGCsDryRun() async throws {
        let harness = Harness()
        for defs in [[JSONValue](), [Self.ns1, Self.defs1], [Self.ns1, Self.defs1, Self.defs2], [Self.ns3, Self.defs3]] {
            try await harness.sync(defs)
        }
        harness.dryGC = true
        let all = Self.ids([Self.ns1, Self.defs1, Self.defs2, Self.ns3, Self.defs3])
        for defs in [[Self.ns1, Self.defs2, Self.ns3, Self.defs3], [Self.ns1, Self.defs1, Self.defs2], [Self.ns1]] {
            let outcome = try await harness.sync(defs)
            #expect(await harness.synced() == all)
            #expect(!outcome.changes.pruneNotes.isEmpty, "what would be collected is reported")
        }
        #expect(await harness.cluster.deleted().isEmpty)
    }

    /// "sync won't incorrectly delete non-namespaced resources".
    @Test func syncWontIncorrectlyDeleteNonNamespacedResources() async throws {
        let harness = Harness()
        harness.gc = true
        let namespace = Fixture.manifest("v1", "Namespace", nil, "bar-ns")
        try await harness.sync([namespace])
        try await harness.sync([namespace])
        #expect(await harness.synced() == Self.ids([namespace]))
        #expect(await harness.cluster.deleted().isEmpty)
    }

    /// "sync won't delete resources whose garbage collection mark was copied to": a copy of a
    /// synced object, mark included, under another name is not this sync's.
    @Test func syncWontDeleteResourcesWhoseMarkWasCopied() async throws {
        let harness = Harness()
        harness.gc = true
        let dep = Self.deployment("foobar", "dep")
        try await harness.sync([Self.ns1, dep])
        let live = try #require(await harness.cluster.object(Fixture.key("Deployment", "foobar", "dep", group: "apps")))
        var copy = live
        copy.set(path: ["metadata", "name"], to: "depcopy")
        #expect(Fixture.mark.isCarried(by: copy))
        await harness.cluster.store(copy)

        try await harness.sync([Self.ns1])
        #expect(await harness.cluster.object(Fixture.key("Deployment", "foobar", "dep", group: "apps")) == nil)
        #expect(await harness.cluster.object(Fixture.key("Deployment", "foobar", "depcopy", group: "apps")) != nil)
    }

    /// "sync won't delete if apply failed".
    @Test func syncWontDeleteIfApplyFailed() async throws {
        let harness = Harness()
        harness.gc = true
        try await harness.sync([Self.ns1, Self.defs1])
        let key = Fixture.key("Deployment", "foobar", "dep1", group: "apps")
        await harness.cluster.failApply(key, with: .invalid("fail to apply this"))
        let outcome = try await harness.sync([Self.ns1, Self.deployment("foobar", "dep1", annotations: ["error": "fail to apply this"])])
        #expect(outcome.action(key) == .failed)
        #expect(await harness.synced() == Self.ids([Self.ns1, Self.defs1]))
        #expect(await harness.cluster.deleted().isEmpty)
    }

    /// "sync doesn't apply or delete manifests marked with ignore".
    @Test func syncDoesNotApplyOrDeleteManifestsMarkedWithIgnore() async throws {
        let harness = Harness()
        harness.gc = true
        let dep1 = Self.deployment("foobar", "dep1", app: "foo")
        let dep2 = Self.deployment("foobar", "dep2", annotations: ["flux.weave.works/ignore": "true"])
        // dep1 is created, dep2 is ignored.
        try await harness.sync([Self.ns1, dep1, dep2])
        #expect(await harness.synced() == Self.ids([Self.ns1, dep1]))

        // dep1 is not updated, but neither is it deleted.
        let dep1Ignored = Self.deployment("foobar", "dep1", annotations: ["flux.weave.works/ignore": "true"], app: "bar")
        try await harness.sync([Self.ns1, dep1Ignored, dep2])
        #expect(await harness.synced() == Self.ids([Self.ns1, dep1]))
        let live = await harness.cluster.object(Fixture.key("Deployment", "foobar", "dep1", group: "apps"))
        #expect(live?[path: ["spec", "metadata", "labels", "app"]] == "foo")
    }

    /// "sync doesn't update a cluster resource marked with ignore" (`kubectl annotate`).
    @Test func syncDoesNotUpdateAClusterResourceMarkedWithIgnore() async throws {
        let harness = Harness()
        let key = Fixture.key("Deployment", "foobar", "dep1", group: "apps")
        try await harness.sync([Self.ns1, Self.deployment("foobar", "dep1", app: "original")])
        await harness.cluster.edit(key) { $0.set(path: ["metadata", "annotations", "flux.weave.works/ignore"], to: "true") }

        try await harness.sync([Self.ns1, Self.deployment("foobar", "dep1", app: "modified")])
        let live = await harness.cluster.object(key)
        #expect(live?[path: ["spec", "metadata", "labels", "app"]] == "original")
        #expect(await harness.synced() == Self.ids([Self.ns1, Self.defs1]))
    }

    /// "sync doesn't update or delete a pre-existing resource marked with ignore".
    @Test func syncDoesNotUpdateOrDeleteAPreExistingResourceMarkedWithIgnore() async throws {
        let existing = Self.deployment("foobar", "dep1", annotations: ["flux.weave.works/ignore": "true"], app: "original")
        let harness = Harness()
        await harness.cluster.store(Self.ns1)
        await harness.cluster.store(existing)
        harness.gc = true

        try await harness.sync([Self.ns1])
        #expect(await harness.synced() == Self.ids([Self.ns1]))
        let key = Fixture.key("Deployment", "foobar", "dep1", group: "apps")
        #expect(await harness.cluster.object(key) != nil)

        // Not synced (not this installation's), and still as created.
        try await harness.sync([Self.ns1, Self.deployment("foobar", "dep1", app: "modified")])
        #expect(await harness.synced() == Self.ids([Self.ns1]))
        #expect(await harness.cluster.object(key)?[path: ["spec", "metadata", "labels", "app"]] == "original")
    }

    /// `fluxcd.io/ignore: sync_only` (Flux v1's `policy.IgnoreSyncOnly`): applied like any
    /// object, but never garbage-collected once it leaves git.
    @Test func syncOnlyIgnoreIsAppliedButNotPruned() async throws {
        let harness = Harness()
        harness.gc = true
        let key = Fixture.key("Deployment", "foobar", "dep1", group: "apps")
        let syncOnly = ["fluxcd.io/ignore": "sync_only"]
        try await harness.sync([Self.ns1, Self.deployment("foobar", "dep1", annotations: syncOnly, app: "original")])
        try await harness.sync([Self.ns1, Self.deployment("foobar", "dep1", annotations: syncOnly, app: "modified")])
        #expect(await harness.cluster.object(key)?[path: ["spec", "metadata", "labels", "app"]] == "modified")
        try await harness.sync([Self.ns1])
        #expect(await harness.cluster.object(key) != nil)
        #expect(await harness.cluster.deleted().isEmpty)
    }

    /// TestApplyOrder: the Namespace first, then the Secret, then the Deployment (fluxd applies
    /// by phase; within the namespaced phase in key order, concurrently).
    @Test func applyOrder() throws {
        let objects = try [
            Fixture.desired(Fixture.manifest("apps/v1", "Deployment", "test", "deploy")),
            Fixture.desired(Fixture.manifest("v1", "Secret", "test", "secret")),
            Fixture.desired(Fixture.manifest("v1", "Namespace", nil, "namespace")),
        ]
        #expect(ApplyOrder.phases(objects).flatMap { $0.1.map(\.key.name) } == ["namespace", "secret", "deploy"])
    }
}

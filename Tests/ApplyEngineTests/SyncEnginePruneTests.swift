import KubernetesModel
import TestSupport
import Testing

@testable import ApplyEngine

/// `SyncEngine`'s prune and cancellation against a scripted cluster: exactly `PrunePlan`'s
/// deletions, in reverse phase order, and nothing at all from a cancelled pass.
@Suite(.timeLimit(.minutes(1)))
struct SyncEnginePruneTests {
    /// The live state and inventory of an earlier sync, with every kind of prune candidate.
    struct Earlier {
        var live: [JSONValue] = []
        var inventory: [InventoryEntry] = []

        mutating func add(_ manifest: JSONValue, mark: SyncMark = Fixture.mark, live isLive: Bool = true) {
            let (object, entry) = Fixture.applied(manifest, mark: mark)
            if isLive { live.append(object) }
            inventory.append(entry)
        }
    }

    let stillInGit = Fixture.manifest("v1", "ConfigMap", "a", "still-in-git")

    func earlier() -> Earlier {
        var earlier = Earlier()
        earlier.add(stillInGit)
        earlier.add(Fixture.manifest("v1", "ConfigMap", "a", "removed"))
        earlier.add(Fixture.manifest("apps/v1", "Deployment", "a", "removed-app"))
        earlier.add(Fixture.manifest("rbac.authorization.k8s.io/v1", "ClusterRole", nil, "removed-role"))
        earlier.add(Fixture.manifest("v1", "Namespace", nil, "old"))
        earlier.add(Fixture.manifest("apiextensions.k8s.io/v1", "CustomResourceDefinition", nil, "gadgets.example.com"))
        earlier.add(Fixture.manifest("v1", "ConfigMap", "a", "taken-over"), mark: Fixture.otherMark)
        earlier.add(Fixture.manifest("v1", "ConfigMap", "a", "ignored", annotations: ["fluxcd.io/ignore": "true"]))
        earlier.add(Fixture.manifest("v1", "ConfigMap", "a", "sync-only", annotations: ["fluxcd.io/ignore": "sync_only"]))
        earlier.add(Fixture.manifest("v1", "ConfigMap", "a", "already-gone"), live: false)
        return earlier
    }

    /// What a sync of only `still-in-git` (and its Namespace) deletes.
    let expectedDeletions: Set<ObjectKey> = [
        Fixture.key("ConfigMap", "a", "removed"),
        Fixture.key("Deployment", "a", "removed-app", group: "apps"),
        Fixture.key("ClusterRole", "", "removed-role", group: "rbac.authorization.k8s.io"),
        Fixture.key("Namespace", "", "old"),
        Fixture.key("CustomResourceDefinition", "", "gadgets.example.com", group: "apiextensions.k8s.io"),
    ]

    func current() throws -> [DesiredObject] { try [Fixture.namespace("a"), Fixture.desired(stillInGit)] }

    @Test func prunesExactlyThePlanNamespacedFirstDefinitionsLast() async throws {
        let earlier = earlier()
        let cluster = FakeCluster(objects: earlier.live)
        let outcome = await Fixture.engine(cluster, garbageCollection: true).sync(try current(), previous: earlier.inventory)

        let deleted = await cluster.deleted()
        #expect(Set(deleted) == expectedDeletions)
        #expect(deleted.count == expectedDeletions.count, "each object is deleted once")
        var live: [ObjectKey: JSONValue?] = [:]
        for object in earlier.live { if let key = object.objectKey { live[key] = .some(object) } }
        let plan = PrunePlan.make(
            previous: earlier.inventory, current: Set(try current().map(\.key)), live: live, mark: Fixture.mark,
            filter: NamespaceFilter(allowed: []))
        #expect(Set(plan.deletions.flatMap { $0 }) == Set(deleted), "the engine deletes what PrunePlan decides, no more")

        func position(_ kind: String) -> Int { deleted.firstIndex { $0.kind == kind } ?? -1 }
        let namespacedLast = deleted.lastIndex { !$0.namespace.isEmpty } ?? -1
        #expect(namespacedLast < position("ClusterRole"), "namespaced objects go first")
        #expect(position("ClusterRole") < position("Namespace"))
        #expect(position("ClusterRole") < position("CustomResourceDefinition"), "Namespaces and CRDs go last")

        #expect(outcome.changes.count(.pruned) == expectedDeletions.count)
        #expect(outcome.changes.succeeded)
        for kept in ["taken-over", "ignored", "sync-only", "still-in-git"] {
            #expect(await cluster.object(Fixture.key("ConfigMap", "a", kept)) != nil, "\(kept) is kept")
        }
    }

    @Test func withoutGarbageCollectionOrInDryRunNothingIsDeleted() async throws {
        for dryRun in [false, true] {
            let earlier = earlier()
            let cluster = FakeCluster(objects: earlier.live)
            let outcome = await Fixture.engine(cluster, garbageCollection: dryRun, dryRun: dryRun)
                .sync(try current(), previous: earlier.inventory)
            #expect(await cluster.deleted().isEmpty)
            #expect(outcome.changes.count(.pruned) == 0)
            if dryRun {
                #expect(Set(outcome.changes.pruneNotes) == Set(expectedDeletions.map { "would prune \($0)" }))
            } else {
                #expect(outcome.changes.pruneNotes.isEmpty)
            }
        }
    }

    @Test func aFailedObjectDoesNotStopThePruneOfWhatLeftGit() async throws {
        // As Flux v1: per-object apply failures are reported, and garbage collection still
        // runs for objects git no longer has; the failed object is in the current set, so it
        // is never a candidate.
        var earlier = Earlier()
        earlier.add(Fixture.manifest("v1", "ConfigMap", "a", "failing"))
        earlier.add(Fixture.manifest("v1", "ConfigMap", "a", "removed"))
        let cluster = FakeCluster(objects: earlier.live)
        let failing = Fixture.key("ConfigMap", "a", "failing")
        await cluster.failApply(failing, with: .invalid("ConfigMap \"failing\" is invalid"))
        let outcome = await Fixture.engine(cluster, garbageCollection: true)
            .sync([try Fixture.configMap("a", "failing", data: "v2")], previous: earlier.inventory)
        #expect(outcome.action(failing) == .failed)
        #expect(await cluster.deleted() == [Fixture.key("ConfigMap", "a", "removed")])
        #expect(outcome.inventory.map(\.key).contains(failing))
    }

    @Test func aSourceThatRendersNothingPrunesNothing() async throws {
        let earlier = earlier()
        let cluster = FakeCluster(objects: earlier.live)
        let outcome = await Fixture.engine(cluster, garbageCollection: true).sync([], previous: earlier.inventory)
        #expect(await cluster.deleted().isEmpty)
        #expect(outcome.changes.errors.contains { $0.contains("refusing to prune all 10 objects") })
        #expect(!outcome.changes.succeeded)
    }

    @Test func aFailedLookupOrDeleteIsReportedAndTheRestPruned() async throws {
        let earlier = earlier()
        let cluster = FakeCluster(objects: earlier.live)
        let unreadable = Fixture.key("ConfigMap", "a", "removed")
        await cluster.failGet(unreadable, with: .unavailable)
        let outcome = await Fixture.engine(cluster, garbageCollection: true).sync(try current(), previous: earlier.inventory)
        #expect(outcome.action(unreadable) == .failed)
        #expect(outcome.result(unreadable)?.reason?.hasPrefix("prune: ") == true)
        #expect(Set(await cluster.deleted()) == expectedDeletions.subtracting([unreadable]))
    }

    // MARK: cancellation

    @Test func aPassCancelledMidPhaseStopsApplyingAndPrunesNothing() async throws {
        let earlier = earlier()
        let cluster = FakeCluster(objects: earlier.live)
        let slow = Fixture.key("ClusterRole", "", "slow", group: "rbac.authorization.k8s.io")
        await cluster.applySlowly(slow)
        let engine = Fixture.engine(cluster, garbageCollection: true, concurrency: 1)
        let objects =
            try current() + [
                Fixture.clusterRole("slow"), Fixture.clusterRole("z-after-slow"), Fixture.configMap("a", "later"),
            ]
        let pass = Task { await engine.sync(objects, previous: earlier.inventory) }
        await cluster.slowClock.waitForSleepers(1)
        pass.cancel()
        let outcome = await pass.value

        #expect(outcome.action(slow) == .failed)
        let notStarted = [
            Fixture.key("ClusterRole", "", "z-after-slow", group: "rbac.authorization.k8s.io"), Fixture.key("ConfigMap", "a", "later"),
        ]
        for key in notStarted {
            #expect(outcome.result(key)?.reason == "not applied: the sync was cancelled")
            #expect(await cluster.calls.allSatisfy { $0.key != key }, "\(key) is not even read after the cancellation")
        }
        #expect(await cluster.deleted().isEmpty)
        #expect(outcome.changes.errors == ["the sync was cancelled before pruning; nothing was pruned"])
        #expect(!outcome.changes.succeeded)
    }

    @Test func aPassCancelledWhileWaitingForACRDStopsThere() async throws {
        let earlier = earlier()
        let cluster = FakeCluster(objects: earlier.live)
        await cluster.neverEstablishCRD("widgets.example.com")
        let clock = ManualClock()
        let engine = Fixture.engine(cluster, garbageCollection: true, clock: clock)
        let objects = try current() + [Fixture.crd("widgets.example.com"), Fixture.clusterRole("reader")]
        let pass = Task { await engine.sync(objects, previous: earlier.inventory) }
        await clock.waitForSleepers(1)
        pass.cancel()
        let outcome = await pass.value

        let crd = Fixture.key("CustomResourceDefinition", "", "widgets.example.com", group: "apiextensions.k8s.io")
        #expect(outcome.result(crd)?.reason?.contains("was not confirmed established: the sync was cancelled") == true)
        #expect(await cluster.applied().allSatisfy { ApplyOrder.phase(of: $0) == .namespacesAndDefinitions })
        #expect(await cluster.deleted().isEmpty)
        #expect(clock.now.offset == .zero, "cancelled, not timed out")
    }
}

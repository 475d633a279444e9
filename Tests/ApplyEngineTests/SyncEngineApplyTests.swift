import KubernetesModel
import TestSupport
import Testing

@testable import ApplyEngine

/// `SyncEngine`'s apply side against a scripted cluster: phase order, the CRD wait, the
/// concurrency bound, partial failure and the drift decisions.
@Suite(.timeLimit(.minutes(1)))
struct SyncEngineApplyTests {
    let crdKey = Fixture.key("CustomResourceDefinition", "", "widgets.example.com", group: "apiextensions.k8s.io")

    @Test func phasesRunInOrderWithTheCRDWaitBetween() async throws {
        let cluster = FakeCluster()
        await cluster.establishCRD("widgets.example.com", afterPolls: 2)
        let objects = try [
            Fixture.configMap("a", "cm"),
            Fixture.desired(Fixture.manifest("example.com/v1", "Widget", "a", "w1")),
            Fixture.clusterRole("reader"),
            Fixture.crd("widgets.example.com"),
            Fixture.desired(Fixture.manifest("apps/v1", "Deployment", "a", "web")),
            Fixture.namespace("a"),
        ]
        let clock = ImmediateClock()
        let outcome = await Fixture.engine(cluster, clock: clock).sync(objects, previous: [])

        #expect(outcome.changes.succeeded)
        #expect(outcome.changes.count(.created) == 6)
        let calls = await cluster.calls
        func first(_ match: (FakeCluster.Call) -> Bool) -> Int { calls.firstIndex(where: match) ?? -1 }
        func last(_ match: (FakeCluster.Call) -> Bool) -> Int { calls.lastIndex(where: match) ?? -1 }
        let phase0: Set<String> = ["Namespace", "CustomResourceDefinition"]
        let lastDefinitionApply = last { if case .apply(let key) = $0 { phase0.contains(key.kind) } else { false } }
        let lastCRDPoll = last { $0 == .get(crdKey) }
        let roleApply = first { $0 == .apply(Fixture.key("ClusterRole", "", "reader", group: "rbac.authorization.k8s.io")) }
        let firstNamespacedCall = first { call in call.key.map { key in !key.namespace.isEmpty } ?? false }
        #expect(lastDefinitionApply >= 0 && lastDefinitionApply < lastCRDPoll, "the CRD is waited for after it is applied")
        #expect(lastCRDPoll < roleApply, "cluster-scoped objects wait for the CRD to be established")
        #expect(roleApply < firstNamespacedCall, "namespaced objects come last")
        // One GET to read it before applying, then polls until the third answers Established.
        #expect(await cluster.gets(of: crdKey) == 4)
        // Waits of 50 ms and 100 ms on the injected clock, none on the wall clock.
        #expect(clock.now.offset == .milliseconds(150))
    }

    @Test func concurrencyIsBoundedWithinAPhase() async throws {
        for limit in [1, 3] {
            let cluster = FakeCluster()
            await cluster.overlapApplies(limit)
            let objects = try (1...12).map { try Fixture.configMap("a", "cm-\($0)") }
            let outcome = await Fixture.engine(cluster, concurrency: limit).sync(objects, previous: [])
            #expect(outcome.changes.count(.created) == 12)
            #expect(await cluster.maxAppliesInFlight == limit, "at most \(limit) applies at once, and that many")
            // Twelve objects of one kind in one namespace are read with one LIST, not twelve GETs.
            #expect(await cluster.lists() == [.list(kind: "ConfigMap", namespace: "a")])
            #expect(await cluster.calls.filter { if case .get = $0 { true } else { false } }.isEmpty)
        }
    }

    @Test func crdWaitFollowsTheInjectedClock() async throws {
        let cluster = FakeCluster()
        await cluster.neverEstablishCRD("widgets.example.com")
        let clock = ManualClock()
        let engine = Fixture.engine(cluster, crdTimeout: .seconds(30), clock: clock)
        let objects = try [Fixture.crd("widgets.example.com"), Fixture.clusterRole("reader")]
        let pass = Task { await engine.sync(objects, previous: []) }
        await clock.waitForSleepers(1)
        #expect(clock.sleeperDeadlines == [.milliseconds(50)], "the first poll waits 50 ms")
        #expect(await cluster.applied().map(\.kind) == ["CustomResourceDefinition"], "nothing else before the CRD is established")
        clock.advance(by: .seconds(30))
        let outcome = await pass.value
        #expect(outcome.action(crdKey) == .failed)
        #expect(outcome.action(Fixture.key("ClusterRole", "", "reader", group: "rbac.authorization.k8s.io")) == .created)
    }

    @Test func crdNeverEstablishedFailsWithTheServersReasonWithinTheTimeout() async throws {
        let cluster = FakeCluster()
        await cluster.neverEstablishCRD("widgets.example.com")
        let clock = ImmediateClock()
        let objects = try [Fixture.crd("widgets.example.com"), Fixture.desired(Fixture.manifest("example.com/v1", "Widget", "a", "w1"))]
        let outcome = await Fixture.engine(cluster, crdTimeout: .seconds(10), clock: clock).sync(objects, previous: [])

        let reason = try #require(outcome.result(crdKey)?.reason)
        #expect(outcome.action(crdKey) == .failed)
        #expect(reason.contains("CustomResourceDefinition widgets.example.com was not established within 10s"))
        #expect(reason.contains("NamesAccepted=False: \"widgets\" is already in use"))
        #expect(reason.contains("deploy/all.yaml"), "the failure names where the CRD is defined")
        #expect(!outcome.changes.succeeded)
        #expect(outcome.changes.count(.failed) == 1, "the CRD fails once, not once per poll")
        #expect(clock.now.offset == .seconds(10), "the wait ends at the timeout, by the engine's clock")
        #expect(await cluster.gets(of: crdKey) > 2)
    }

    @Test func oneFailedObjectDoesNotStopTheOthers() async throws {
        let cluster = FakeCluster()
        let broken = Fixture.key("ConfigMap", "a", "cm-2")
        await cluster.failApply(broken, with: .invalid("ConfigMap \"cm-2\" is invalid: data: field is immutable"))
        let objects = try [
            Fixture.namespace("a"), Fixture.configMap("a", "cm-1"),
            Fixture.desired(Fixture.manifest("v1", "ConfigMap", "a", "cm-2"), file: "deploy/cm-2.yaml", line: 7),
            Fixture.configMap("a", "cm-3"),
        ]
        let outcome = await Fixture.engine(cluster).sync(objects, previous: [])

        #expect(outcome.changes.summary == "created=3 configured=0 unchanged=0 pruned=0 skipped=0 failed=1")
        #expect(!outcome.changes.succeeded)
        let reason = try #require(outcome.result(broken)?.reason)
        #expect(reason.contains("a:configmap/cm-2 (deploy/cm-2.yaml:7)"))
        #expect(reason.contains("field is immutable"))
        #expect(await cluster.object(Fixture.key("ConfigMap", "a", "cm-3")) != nil)
        // The failed object is still git's: it stays in the inventory, so it is never pruned.
        #expect(Set(outcome.inventory.map(\.key)) == Set(objects.map(\.key)))
    }

    @Test func unchangedObjectsAreNotSentAgain() async throws {
        let cluster = FakeCluster()
        let objects = try [Fixture.namespace("a"), Fixture.configMap("a", "cm"), Fixture.clusterRole("reader")]
        let engine = Fixture.engine(cluster)
        _ = await engine.sync(objects, previous: [])
        let appliedBefore = await cluster.applied().count

        let again = await engine.sync(objects, previous: [])
        #expect(again.changes.count(.unchanged) == 3)
        #expect(await cluster.applied().count == appliedBefore, "no request for an object in sync")
    }

    @Test func driftIsTakenBackAndChangesAreConfigured() async throws {
        let cluster = FakeCluster()
        let edited = Fixture.key("ConfigMap", "a", "hand-edited")
        let changed = Fixture.key("ConfigMap", "a", "changed-in-git")
        let engine = Fixture.engine(cluster)
        _ = await engine.sync(try [Fixture.configMap("a", "hand-edited"), Fixture.configMap("a", "changed-in-git")], previous: [])
        await cluster.edit(edited) { $0.set(path: ["data", "value"], to: "by hand") }

        let outcome = await engine.sync(
            try [Fixture.configMap("a", "hand-edited"), Fixture.configMap("a", "changed-in-git", data: "v2")], previous: [])
        #expect(outcome.action(edited) == .configured)
        #expect(outcome.action(changed) == .configured)
        #expect(await cluster.object(edited)?[path: ["data", "value"]] == "v1", "git's value is back")
        #expect(await cluster.object(changed)?[path: ["data", "value"]] == "v2")
    }

    @Test func anApplyTheServerDoesNotWriteIsUnchanged() async throws {
        // Live, but applied by someone else (no checksum): the engine must ask the server, and
        // an unmoved resourceVersion says nothing changed.
        let manifest = Fixture.manifest("v1", "ConfigMap", "a", "cm")
        let cluster = FakeCluster(objects: [manifest])
        let key = Fixture.key("ConfigMap", "a", "cm")
        await cluster.applyWithoutChange(key)
        let outcome = await Fixture.engine(cluster).sync([try Fixture.desired(manifest)], previous: [])
        #expect(outcome.action(key) == .unchanged)
        #expect(await cluster.applied() == [key])
    }

    @Test func ignoredAndDisallowedObjectsAreSkippedUntouched() async throws {
        let liveIgnored = Fixture.manifest("v1", "ConfigMap", "a", "ignored-live", annotations: ["fluxcd.io/ignore": "true"])
        let cluster = FakeCluster(objects: [liveIgnored])
        let objects = try [
            Fixture.desired(Fixture.manifest("v1", "ConfigMap", "a", "ignored-in-git", annotations: ["fluxcd.io/ignore": "true"])),
            Fixture.configMap("a", "ignored-live"),
            Fixture.configMap("elsewhere", "not-allowed"),
            Fixture.configMap("a", "normal"),
        ]
        let outcome = await Fixture.engine(cluster, allowed: ["a"]).sync(objects, previous: [])
        #expect(outcome.changes.summary == "created=1 configured=0 unchanged=0 pruned=0 skipped=3 failed=0")
        #expect(await cluster.applied() == [Fixture.key("ConfigMap", "a", "normal")])
        #expect(await cluster.calls.allSatisfy { $0.key?.namespace != "elsewhere" }, "a namespace outside the filter is not even read")
        // Objects ignored in git or live stay recorded (not prune candidates); disallowed ones do not.
        #expect(
            outcome.inventory.map(\.key).sorted() == [
                Fixture.key("ConfigMap", "a", "ignored-in-git"), Fixture.key("ConfigMap", "a", "ignored-live"),
                Fixture.key("ConfigMap", "a", "normal"),
            ])
    }

    @Test func aFailedListFallsBackToReadingEachObject() async throws {
        let cluster = FakeCluster()
        await cluster.failList(kind: "ConfigMap")
        let objects = try (1...4).map { try Fixture.configMap("a", "cm-\($0)") }
        let outcome = await Fixture.engine(cluster).sync(objects, previous: [])
        #expect(outcome.changes.count(.created) == 4)
        #expect(await cluster.lists().count == 1)
        for object in objects { #expect(await cluster.gets(of: object.key) == 1) }
    }
}

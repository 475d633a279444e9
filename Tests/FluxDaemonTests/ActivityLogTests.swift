import ApplyEngine
import FluxAPI
import Foundation
import GitRepository
import KubernetesModel
import Manifests
import Testing

@testable import FluxDaemon

@Suite struct ActivityLogTests {
    static func record(_ revision: String, succeeded: Bool = true) -> SyncRecord {
        SyncRecord(
            started: Date(timeIntervalSince1970: 100), finished: Date(timeIntervalSince1970: 101),
            summary: SyncSummary(revision: revision, succeeded: succeeded))
    }

    static func commit(_ revision: String) -> CommitInfo {
        CommitInfo(revision: revision, message: "m", author: "a", authorEmail: "a@x", time: Date(timeIntervalSince1970: 1))
    }

    /// The applied commit moves only with a pass that applied everything; every pass is the last.
    @Test func syncsMoveTheAppliedCommitOnlyWhenApplied() async {
        let log = ActivityLog()
        await log.recordSync(Self.record("aaa"), applied: Self.commit("aaa"))
        await log.recordSync(Self.record("bbb", succeeded: false), applied: nil)
        #expect(await log.applied?.revision == "aaa")
        #expect(await log.lastSync?.summary.revision == "bbb")
        #expect(await log.sequence == 2)
    }

    /// Newest first; `after` returns only what is new, which is what the UI polls.
    @Test func pagesAreNewestFirstAndStartAfterASequence() async {
        let log = ActivityLog()
        for revision in ["a", "b", "c", "d"] { await log.recordSync(Self.record(revision), applied: nil) }
        let all = await log.page(after: 0, limit: 100)
        #expect(all.latest == 4)
        #expect(all.entries.map(\.sequence) == [4, 3, 2, 1])
        let new = await log.page(after: 2, limit: 100)
        #expect(new.entries.compactMap { $0.sync?.summary.revision } == ["d", "c"])
        #expect(await log.page(after: 4, limit: 100).entries.isEmpty)
        #expect(await log.page(after: 0, limit: 1).entries.map(\.sequence) == [4])
    }

    /// A pushed commit belongs to the job running then; the job's end is its own entry.
    @Test func commitsAreAttributedToTheRunningJob() async {
        let log = ActivityLog(now: { Date(timeIntervalSince1970: 5) })
        let job = JobStatus(id: "release-1", kind: "release", state: .running)
        await log.jobStarted(job)
        await log.recordCommit(
            GitPushedCommit(
                revision: "ccc", message: "Release x", author: GitIdentity(name: "fluxd", email: "f@x"),
                time: Date(timeIntervalSince1970: 4)))
        await log.jobFinished(JobStatus(id: "release-1", kind: "release", state: .succeeded))
        await log.recordCommit(
            GitPushedCommit(revision: "ddd", message: "m", author: GitIdentity(name: "f", email: "f@x"), time: Date()))
        let entries = await log.page(after: 0, limit: 10).entries
        #expect(entries.map(\.kind) == [.commit, .job, .commit])
        #expect(entries[2].commit?.message == "Release x")
        #expect(entries[2].job?.id == "release-1")
        #expect(entries[1].job?.state == .succeeded)
        #expect(entries[1].time == Date(timeIntervalSince1970: 5))
        #expect(entries[0].job == nil)
    }

    /// Only the last `capacity` entries are kept; sequence numbers keep counting.
    @Test func keepsTheLastEntries() async {
        let log = ActivityLog(capacity: 3)
        for index in 0..<5 { await log.recordSync(Self.record("r\(index)"), applied: nil) }
        #expect(await log.page(after: 0, limit: 10).entries.map(\.sequence) == [5, 4, 3])
        #expect(await log.sequence == 5)
    }

    /// A failed pass names each problem's file, line and object apart.
    @Test func recordsCarryProblemsWithFileLineAndObject() {
        var report = SyncReport()
        report.revision = "abc"
        report.failure = "1 manifest error(s); nothing applied or pruned"
        report.manifestErrors = [
            ManifestError(code: .syntax, file: "apps/bad.yaml", line: 3, object: "demo:configmap/x", message: "bad indent")
        ]
        var load = SyncRecord(report, finished: Date())
        #expect(load.problems == [SyncProblem(file: "apps/bad.yaml", line: 3, object: "demo:configmap/x", message: "bad indent")])
        #expect(!load.summary.succeeded)

        report = SyncReport()
        report.revision = "def"
        let key = ObjectKey(group: "apps", kind: "Deployment", namespace: "demo", name: "web")
        var changes = ChangeSet()
        changes.results = [
            ObjectResult(key: key, action: .failed, reason: "field is immutable"),
            ObjectResult(key: ObjectKey(group: "", kind: "ConfigMap", namespace: "demo", name: "c"), action: .skipped),
            ObjectResult(key: ObjectKey(group: "", kind: "ConfigMap", namespace: "demo", name: "d"), action: .created),
        ]
        report.changes = changes
        report.sources[key] = SourceLocation(file: "apps/web.yaml", line: 1)
        load = SyncRecord(report, finished: Date())
        #expect(
            load.problems == [
                SyncProblem(file: "apps/web.yaml", line: 1, object: "demo:deployment.apps/web", message: "field is immutable")
            ])
        #expect(load.skipped == 1)
        #expect(load.summary.created == 1 && load.summary.failed == 1)
    }

    @Test func webUIAddressAndTokenHint() {
        #expect(WebUIAddress.url(host: "0.0.0.0", port: 3030) == "http://localhost:3030/ui/")
        #expect(WebUIAddress.url(host: "127.0.0.1", port: 8080) == "http://127.0.0.1:8080/ui/")
        #expect(WebUIAddress.url(host: "::1", port: 1) == "http://[::1]:1/ui/")
        #expect(WebUIAddress.tokenHint(tokenFile: "/etc/token", namespace: "flux", kubeconfig: nil) == "the content of /etc/token")
        #expect(
            WebUIAddress.tokenHint(tokenFile: nil, namespace: "flux", kubeconfig: "/tmp/k")
                == "kubectl --kubeconfig /tmp/k -n flux get secret flux-api-token -o jsonpath='{.data.token}' | base64 -d")
    }

    @Test func historyParametersAreValidated() throws {
        #expect(try APIHandlers.integer(nil, name: "limit", default: 100, range: 1...500) == 100)
        #expect(try APIHandlers.integer("7", name: "limit", default: 100, range: 1...500) == 7)
        for bad in ["0", "501", "-1", "x", ""] {
            #expect(throws: APIFailure.self) { try APIHandlers.integer(bad, name: "limit", default: 100, range: 1...500) }
        }
    }
}

import ApplyEngine
import FluxAPI
import Logging
import Synchronization
import TestSupport

@testable import FluxDaemon
@testable import GitRepository

let quietLogger = Logger(label: "loop-test", factory: { _ in SwiftLogNoOpLogHandler() })

struct ScriptedFetchFailure: Error {}

/// Values a test collects from concurrent code.
final class Recorder<Value: Sendable>: Sendable {
    private let state = Mutex<[Value]>([])
    var values: [Value] { state.withLock { $0 } }
    func append(_ value: Value) { state.withLock { $0.append(value) } }
}

/// A git mirror whose branch head the test sets; counts fetches, can be made to fail.
final class ScriptedBranch: BranchHeadFetching {
    private struct State {
        var head: String
        var failing = false
        var fetches = 0
    }

    private let state: Mutex<State>

    init(head: String) { state = Mutex(State(head: head)) }

    var fetches: Int { state.withLock { $0.fetches } }
    func moveHead(to head: String) { state.withLock { $0.head = head } }
    func failFetches(_ failing: Bool) { state.withLock { $0.failing = failing } }

    func fetch() async throws -> String {
        let (head, failing) = state.withLock { state in
            state.fetches += 1
            return (state.head, state.failing)
        }
        if failing { throw ScriptedFetchFailure() }
        return head
    }
}

/// Sync passes that record the head they ran at and succeed, except at heads scripted to
/// fail. With `holdPasses`, a pass waits on `gate` (advanced by the test) before it ends.
final class ScriptedPasses: SyncPassRunning {
    private struct State {
        var started: [String] = []
        var finished: [String] = []
        var failingHeads: Set<String> = []
        var holding = false
    }

    private let state = Mutex(State())
    let activity = ActivityLog()
    let observers = SyncObservers()
    let gate = ManualClock()

    var started: [String] { state.withLock { $0.started } }
    var finished: [String] { state.withLock { $0.finished } }
    func fail(at heads: Set<String>) { state.withLock { $0.failingHeads = heads } }
    func holdPasses(_ holding: Bool) { state.withLock { $0.holding = holding } }

    func syncOnce(fetched: String?) async -> SyncReport {
        let head = fetched ?? "unfetched"
        let (failing, holding) = state.withLock { state in
            state.started.append(head)
            return (state.failingHeads.contains(head), state.holding)
        }
        if holding {
            // Only the test's advance ends this (or cancellation, which a pass ignores).
            try? await gate.sleep(for: .seconds(1))
        }
        var report = SyncReport()
        report.revision = head
        report.changes = ChangeSet()
        if failing { report.failure = "scripted failure at \(head)" }
        state.withLock { $0.finished.append(head) }
        return report
    }
}

/// Automation passes that announce each run and answer the scripted commit.
final class ScriptedAutomation: AutomationPassRunning {
    private let runs = Mutex(0)
    private let commit = Mutex<String?>(nil)
    let announcements: AsyncStream<Int>
    private let announce: AsyncStream<Int>.Continuation

    init() { (announcements, announce) = AsyncStream.makeStream(of: Int.self) }

    var count: Int { runs.withLock { $0 } }
    func commitNext(_ revision: String?) { commit.withLock { $0 = revision } }

    func run() async throws -> (changes: [ImageChange], commit: GitCommitResult?) {
        let number = runs.withLock { runs in
            runs += 1
            return runs
        }
        let revision = commit.withLock { $0 }
        announce.yield(number)
        let change = ImageChange(workload: "default:deployment/web", container: "main", from: "web:1", to: "web:2")
        return revision.map { ([change], GitCommitResult(revision: $0, parent: "parent", attempts: 1)) } ?? ([], nil)
    }
}

/// New-tag announcements the test sends.
struct ScriptedScans: NewTagsAnnouncing {
    let newTags: AsyncStream<Set<String>>
    let send: AsyncStream<Set<String>>.Continuation

    init() { (newTags, send) = AsyncStream.makeStream(of: Set<String>.self) }
}

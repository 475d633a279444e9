import GitRepository

/// What `SyncLoop` needs of the git mirror: fetch the branch and answer its head.
/// `GitRepository` is the real one; unit tests script heads and failures, so the loop's timing
/// (poll, sync interval, retries) is tested with a test clock and no git.
protocol BranchHeadFetching: Sendable {
    func fetch() async throws -> String
}

/// What `SyncLoop` needs of a sync pass: run one at a head already fetched, the activity
/// log it tells when the next pass is due, and the observers it tells how fetches went.
/// `SyncRunner` is the real one.
protocol SyncPassRunning: Sendable {
    var activity: ActivityLog { get }
    var observers: SyncObservers { get }
    func syncOnce(fetched: String?) async -> SyncReport
}

extension GitRepository: BranchHeadFetching {}
extension SyncRunner: SyncPassRunning {}

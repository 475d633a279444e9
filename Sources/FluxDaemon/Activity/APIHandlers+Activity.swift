import FluxAPI
import Foundation
import GitRepository
import KubernetesModel

extension APIHandlers {
    /// `GET /status`: the source, the applied commit, the last pass and the next, from the
    /// activity log; the health summary from one read of the workloads.
    func status() async -> DaemonStatus {
        let activity = runner.activity
        let health: HealthCounts
        do {
            health = HealthCounts(try await workloads.statuses(namespace: nil))
        } catch {
            health = HealthCounts(error: "reading the workloads: \(error)")
        }
        let git = configuration.git
        return DaemonStatus(
            version: SwiftFluxVersion.current,
            source: GitSource(
                url: git.url?.description ?? "", branch: git.branch, paths: git.paths, readonly: git.readonly,
                pollIntervalSeconds: GoDuration(git.pollInterval).seconds,
                syncIntervalSeconds: GoDuration(configuration.sync.interval).seconds),
            head: await repository.head, applied: await activity.applied, lastSync: await activity.lastSync,
            nextSync: await activity.nextSync, health: health, sequence: await activity.sequence,
            automation: !git.readonly)
    }

    /// `GET /history?after=N&limit=M`: entries newer than `after` (default 0: all kept),
    /// newest first, at most `limit` (1 to 500, default 100).
    func history(after: String?, limit: String?) async throws(APIFailure) -> HistoryPage {
        let afterValue = try Self.integer(after, name: "after", default: 0, range: 0...Int.max)
        let limitValue = try Self.integer(limit, name: "limit", default: 100, range: 1...500)
        return await runner.activity.page(after: afterValue, limit: limitValue)
    }

    static func integer(_ text: String?, name: String, default value: Int, range: ClosedRange<Int>) throws(APIFailure) -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            let upper = range.upperBound == Int.max ? "" : " to \(range.upperBound)"
            throw .badRequest("\(name) must be an integer from \(range.lowerBound)\(upper), not \"\(text)\"")
        }
        return number
    }
}

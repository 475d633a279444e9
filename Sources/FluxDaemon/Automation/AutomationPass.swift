import FluxAPI
import GitRepository
import Logging
import WorkloadUpdates

/// One image-automation pass: in a fresh checkout, every automated, unlocked workload's
/// containers move to the newest tag their policy allows (from the latest scan); one commit
/// (`Auto-release …`, listing every change) is pushed; nothing to change, no commit.
struct AutomationPass: Sendable {
    let repository: GitRepository
    let catalog: any ImageCatalog
    let paths: [String]
    let defaultNamespace: String
    let ciSkip: Bool

    /// The changes pushed and the commit, or no commit when every automated workload is current.
    func run() async throws -> (changes: [ImageChange], commit: GitCommitResult?) {
        let paths = self.paths
        let defaultNamespace = self.defaultNamespace
        let catalog = self.catalog
        let planned = PlanBox()
        let commit = try await repository.commitAndPush(ciSkip: ciSkip) { directory in
            let index = try WorkloadIndex(root: directory, paths: paths, defaultNamespace: defaultNamespace)
            let newest = try await APIHandlers.newestImages(index: index, catalog: catalog)
            let plan = try ReleasePlanner.plan(
                ReleaseRequest(all: true, updateAllImages: true), index: index, newest: newest,
                include: { $0.isAutomated })
            await planned.set(plan.changes)
            guard !plan.isEmpty else { return nil }
            try ReleasePlanner.apply(plan, index: index)
            return CommitMessages.autoRelease(plan.changes)
        }
        return (await planned.changes, commit)
    }
}

/// What the last attempt of the edit planned.
private actor PlanBox {
    var changes: [ImageChange] = []
    func set(_ changes: [ImageChange]) { self.changes = changes }
}

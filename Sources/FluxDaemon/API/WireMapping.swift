import FluxAPI
import ImagePolicy
import KubernetesModel
import WorkloadUpdates

/// The one place where fluxd's wire types (`FluxAPI`) become domain types and back: requests
/// are parsed and checked here (a bad one is a 400 before any job starts), plans and results
/// are reported from here.
enum WireMapping {
    /// A release request as `WorkloadUpdates` plans it.
    static func releaseSpec(_ request: ReleaseRequest) throws(APIFailure) -> ReleaseSpec {
        do {
            let chosen = try request.containers.map { changes throws(WorkloadUpdateError) in
                var chosen = Set<ChosenChange>()
                for change in changes {
                    chosen.insert(
                        ChosenChange(
                            workload: try ReleaseSpec.id(change.workload), container: change.container,
                            from: change.from, to: change.to))
                }
                return chosen
            }
            return try ReleaseSpec(
                workloads: request.workloads, all: request.all, image: request.image,
                updateAllImages: request.updateAllImages, exclude: request.exclude, force: request.force,
                chosen: chosen)
        } catch {
            throw .badRequest(error.description)
        }
    }

    /// A policy request's updates, each checked (names, tag patterns) as `ImagePolicy` does.
    static func policyChanges(_ request: PolicyRequest) throws(APIFailure) -> [PolicyChange] {
        guard !request.updates.isEmpty else { throw .badRequest("no policy updates given") }
        var changes: [PolicyChange] = []
        for update in request.updates {
            let id: WorkloadID
            do {
                id = try WorkloadID(validating: update.workload)
            } catch {
                throw .badRequest(error.description)
            }
            guard !update.add.isEmpty || !update.remove.isEmpty else {
                throw .badRequest("\(update.workload): nothing to change")
            }
            let change = PolicyChange(workload: id, add: update.add, remove: update.remove)
            do {
                try change.validate()
            } catch {
                throw .badRequest(error.description)
            }
            changes.append(change)
        }
        return changes
    }

    static func imageChanges(_ plan: ReleasePlan) -> [ImageChange] {
        plan.edits.map { ImageChange(workload: $0.workload.description, container: $0.container, from: $0.from, to: $0.image) }
    }

    static func skipped(_ plan: ReleasePlan) -> [SkippedWorkload] {
        plan.skipped.map { SkippedWorkload(workload: $0.workload.description, status: $0.status.rawValue, reason: $0.reason) }
    }
}

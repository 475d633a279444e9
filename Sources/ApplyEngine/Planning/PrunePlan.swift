import ImagePolicy
import KubernetesModel

/// Decides what a sync may delete. Pure: the engine supplies the inventory, the current set
/// and what it found live, and performs the deletions this returns.
public struct PrunePlan: Sendable {
    /// Objects to delete, in prune order (namespaced first).
    public var deletions: [[ObjectKey]]
    /// Candidates kept, with the reason (not marked by us any more, ignored, not allowed).
    public var kept: [(ObjectKey, String)]

    /// - Parameters:
    ///   - previous: the inventory recorded by the last successful sync.
    ///   - current: the keys the current sync applied (or would have applied).
    ///   - live: the live object for each candidate (nil when it is already gone).
    public static func make(
        previous: [InventoryEntry], current: Set<ObjectKey>, live: [ObjectKey: JSONValue?], mark: SyncMark,
        filter: NamespaceFilter
    ) -> PrunePlan {
        var deletions: [ObjectKey] = []
        var kept: [(ObjectKey, String)] = []
        for entry in previous where !current.contains(entry.key) {
            let key = entry.key
            guard filter.allows(key) else {
                kept.append((key, "namespace not allowed"))
                continue
            }
            guard let found = live[key], let object = found else { continue }
            guard mark.isCarried(by: object) else {
                kept.append((key, "no longer carries this sync's mark"))
                continue
            }
            switch IgnorePolicy(object: object) {
            case .ignore:
                kept.append((key, "annotated fluxcd.io/ignore"))
                continue
            case .syncOnly:
                kept.append((key, "annotated fluxcd.io/ignore: sync_only"))
                continue
            case .none:
                break
            }
            if object[path: ["metadata", "deletionTimestamp"]] != nil { continue }
            deletions.append(key)
        }
        return PrunePlan(deletions: ApplyOrder.pruneOrder(deletions), kept: kept)
    }
}

extension PrunePlan {
    /// Why no prune may run at all, or `nil`: a source that renders no object while the
    /// previous inventory holds `candidates` is far more likely a wrong `--git-path` than a
    /// wish to delete everything, so fluxd refuses loudly instead of emptying the cluster.
    public static func refusal(candidates: Int, current: Set<ObjectKey>) -> String? {
        guard candidates > 0, current.isEmpty else { return nil }
        return "refusing to prune all \(candidates) objects of the previous sync: the configured paths rendered no objects"
    }
}

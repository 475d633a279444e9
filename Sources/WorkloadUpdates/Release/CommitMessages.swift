import FluxAPI

/// The commit messages fluxd writes (Flux v1 style); `-m` replaces them.
public enum CommitMessages {
    /// `Release web:1.2.3 to default:deployment/web`, or a summary with one line per change.
    public static func release(_ changes: [ImageChange]) -> String {
        let images = Set(changes.map(\.to)).sorted()
        let workloads = Set(changes.map(\.workload)).sorted()
        let subject = "Release \(images.joined(separator: ", ")) to \(workloads.joined(separator: ", "))"
        guard changes.count > 1 else { return subject }
        return subject + "\n\n" + body(changes)
    }

    /// `Auto-release web:1.2.3` with one line per change.
    public static func autoRelease(_ changes: [ImageChange]) -> String {
        let images = Set(changes.map(\.to)).sorted()
        return "Auto-release \(images.joined(separator: ", "))\n\n" + body(changes)
    }

    /// `Automated: default:deployment/web`, `Locked: …`, or `Updated policies: …`.
    public static func policy(_ updates: [PolicyUpdate]) -> String {
        let ids = updates.map(\.workload).joined(separator: ", ")
        let only = updates.count == 1 ? updates[0] : nil
        if let only, only.add.count + only.remove.count >= 1 {
            if only.add["automated"] == "true" && only.add.count == 1 && only.remove.isEmpty { return "Automated: \(ids)" }
            if only.remove == ["automated"] && only.add.isEmpty { return "Deautomated: \(ids)" }
            if only.add["locked"] == "true" && only.remove.isEmpty
                && Set(only.add.keys).isSubset(of: ["locked", "locked_user", "locked_msg"])
            {
                return "Locked: \(ids)"
            }
            if only.add.isEmpty && Set(only.remove).contains("locked") { return "Unlocked: \(ids)" }
        }
        return "Updated policies: \(ids)"
    }

    static func body(_ changes: [ImageChange]) -> String {
        changes.map { "- \($0.workload) (\($0.container)): \($0.from) -> \($0.to)" }.joined(separator: "\n")
    }
}

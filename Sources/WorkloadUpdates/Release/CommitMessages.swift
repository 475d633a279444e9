import ImagePolicy

/// The commit messages fluxd writes (Flux v1 style); `-m` replaces them.
public enum CommitMessages {
    /// `Release web:1.2.3 to default:deployment/web`, or a summary with one line per change.
    public static func release(_ edits: [PlannedEdit]) -> String {
        let images = Set(edits.map(\.image)).sorted()
        let workloads = Set(edits.map(\.workload.description)).sorted()
        let subject = "Release \(images.joined(separator: ", ")) to \(workloads.joined(separator: ", "))"
        guard edits.count > 1 else { return subject }
        return subject + "\n\n" + body(edits)
    }

    /// Flux v1's automated commit message, byte for byte (`update.Automated.CommitMessage`):
    /// `Auto-release web:1.2.3` for one image; for more, `Auto-release multiple (N) images`
    /// and the images (as written in the manifests, sorted, each once), the first ten only.
    public static func autoRelease(_ edits: [PlannedEdit]) -> String {
        let images = Set(edits.map(\.image)).sorted()
        switch images.count {
        case 0: return "Auto-release (no images)\n"
        case 1: return "Auto-release \(images[0])"
        default:
            let limit = 10
            var message = "Auto-release multiple (\(images.count)) images\n\n"
            for image in images.prefix(limit) { message += " - \(image)\n" }
            if images.count > limit { message += " ...\n" }
            return message
        }
    }

    /// `Automated: default:deployment/web`, `Locked: …`, or `Updated policies: …`.
    public static func policy(_ changes: [PolicyChange]) -> String {
        let ids = changes.map(\.workload.description).joined(separator: ", ")
        let only = changes.count == 1 ? changes[0] : nil
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

    static func body(_ edits: [PlannedEdit]) -> String {
        edits.map { "- \($0.workload) (\($0.container)): \($0.from) -> \($0.image)" }.joined(separator: "\n")
    }
}

/// The words chat formats share: a title, detail lines, and facts.
enum NotificationText {
    static func title(_ notification: FluxNotification) -> String {
        let revision = notification.shortRevision.map { " \($0)" } ?? ""
        switch notification.kind {
        case .sync: return "fluxd synced\(revision)"
        case .syncError: return "fluxd sync of\(revision.isEmpty ? " the branch" : revision) failed"
        case .release: return "fluxd released\(revision)"
        case .automation: return "fluxd automated a release\(revision)"
        case .health:
            return notification.severity == .error ? "fluxd: workloads degraded\(revision)" : "fluxd: workloads healthy\(revision)"
        }
    }

    /// The message, then errors, changes and health lines (at most 20 lines).
    static func details(_ notification: FluxNotification) -> [String] {
        var lines = [notification.message]
        lines += notification.errors.map { "error: " + $0.text }
        lines += notification.images.map { "\($0.workload) \($0.container): \($0.from) → \($0.to)" }
        lines += notification.health.map { "\($0.object): \($0.status) \($0.message)" }
        lines += notification.objects.filter { $0.action != "unchanged" }.map { "\($0.action) \($0.object)" }
        if lines.count > 20 { lines = Array(lines.prefix(19)) + ["… and \(lines.count - 19) more"] }
        return lines
    }

    static func facts(_ notification: FluxNotification) -> [(String, String)] {
        var facts: [(String, String)] = []
        if let revision = notification.revision { facts.append(("Revision", revision)) }
        if let source = notification.source {
            facts.append(("Repository", source.url))
            facts.append(("Branch", source.branch))
        }
        if let counts = notification.counts {
            facts.append(
                (
                    "Objects",
                    "created \(counts.created), configured \(counts.configured), unchanged \(counts.unchanged), pruned \(counts.pruned), failed \(counts.failed)"
                ))
        }
        if !notification.workloads.isEmpty { facts.append(("Workloads", notification.workloads.joined(separator: ", "))) }
        return facts
    }
}

import FluxAPI

/// How `fluxctl release` prints a result: WORKLOAD, STATUS, UPDATES, as Flux v1 did, with
/// Flux v1's `-v` levels: changes only; `-v` adds skipped workloads; `-vv` also the ones a
/// release merely ignored (not using the image, `fluxcd.io/ignore`).
enum ReleaseOutput {
    static func render(_ result: JobResult, dryRun: Bool, verbosity: Int) -> String {
        var table = Table(headers: ["WORKLOAD", "STATUS", "UPDATES"])
        let grouped = Dictionary(grouping: result.changes ?? [], by: \.workload)
        for workload in grouped.keys.sorted() {
            for (index, change) in (grouped[workload] ?? []).enumerated() {
                table.rows.append([
                    index == 0 ? workload : "", index == 0 ? (dryRun ? "planned" : "success") : "",
                    "\(change.container): \(change.from) -> \(change.to)",
                ])
            }
        }
        for skipped in visibleSkipped(result.skipped ?? [], verbosity: verbosity) {
            table.rows.append([skipped.workload, isIgnored(skipped) ? "ignored" : "skipped", skipped.reason])
        }
        var text = table.rows.isEmpty ? "Nothing to release.\n" : table.render()
        if let revision = result.revision, !dryRun, !(result.changes ?? []).isEmpty {
            text += "Commit pushed: \(revision.prefix(7))\n"
        }
        return text
    }

    /// Skipped workloads shown at `verbosity`.
    static func visibleSkipped(_ skipped: [SkippedWorkload], verbosity: Int) -> [SkippedWorkload] {
        switch verbosity {
        case ..<1: return []
        case 1: return skipped.filter { !isIgnored($0) }
        default: return skipped
        }
    }

    /// Flux v1's "ignored" status: the release had nothing to do with the workload.
    static func isIgnored(_ skipped: SkippedWorkload) -> Bool {
        skipped.reason.hasPrefix("ignored") || skipped.reason.hasPrefix("no container uses")
    }
}

import FluxAPI
import KubernetesModel

/// How `fluxctl release` prints a result, as Flux v1's `update.PrintResults` did
/// (`pkg/update/menu.go`): WORKLOAD, STATUS, UPDATES, one line per container change
/// (`container: current -> new tag`) and per reason, the workloads sorted, the workload and
/// status written on its first line only; Go's tabwriter spacing, trailing padding included.
/// Flux v1's `-v` levels: changes only; `-v` adds skipped workloads; `-vv` also the ignored.
enum ReleaseOutput {
    /// One line of the table: a container change, or a reason.
    struct Item: Equatable {
        var workload: String
        /// `success`, `skipped` or `ignored` (a dry run's changes are `success`, as in Flux v1).
        var status: String
        /// The container change; `nil` for a reason line.
        var change: ImageChange?
        var text: String
    }

    /// Flux v1's heading, trailing spaces included: they count in the column widths.
    static let heading = ["WORKLOAD ", "STATUS ", "UPDATES"]

    static func render(_ result: JobResult, verbosity: Int) -> String {
        table(items(result, verbosity: verbosity))
    }

    /// The heading and one line per item.
    static func table(_ items: [Item]) -> String {
        var table = Table(headers: heading, keepsTrailingPadding: true)
        var previous: String?
        for item in items {
            let inline = previous == item.workload
            previous = item.workload
            table.rows.append([inline ? "" : item.workload, inline ? "" : item.status, item.text])
        }
        return table.render()
    }

    /// The table's lines: each workload's reasons, then its container changes.
    static func items(_ result: JobResult, verbosity: Int) -> [Item] {
        let changes = Dictionary(grouping: result.changes ?? [], by: \.workload)
        let skipped = Dictionary(grouping: result.skipped ?? [], by: \.workload)
        var items: [Item] = []
        for workload in Set(changes.keys).union(skipped.keys).sorted() {
            let reasons = skipped[workload] ?? []
            if let changed = changes[workload] {
                // Released, with some containers left alone: Flux v1's result with an error *and* updates.
                items += reasons.map { Item(workload: workload, status: "success", change: nil, text: $0.reason) }
                items += changed.map { Item(workload: workload, status: "success", change: $0, text: updates($0)) }
                continue
            }
            let status = reasons.contains { $0.status != "ignored" } ? "skipped" : "ignored"
            guard verbosity >= (status == "ignored" ? 2 : 1) else { continue }
            items += reasons.map { Item(workload: workload, status: status, change: nil, text: $0.reason) }
        }
        return items
    }

    /// `container: current -> tag`: Flux v1 printed the target's tag only.
    static func updates(_ change: ImageChange) -> String {
        var target = change.to
        do {
            let reference = try ImageReference(parsing: change.to)
            if let tag = reference.tag, reference.digest == nil { target = tag }
        } catch {
            // Not a reference fluxd would have written; shown as it is.
        }
        return "\(change.container): \(change.from) -> \(target)"
    }
}

import FluxAPI

/// `fluxctl release --interactive`: the planned changes as a checklist, as Flux v1's menu
/// showed them (pure state; `Terminal` does the I/O). Every planned container change starts
/// checked; arrow keys, Tab, `j`/`k` move, Space toggles, Enter releases what is checked,
/// `q`, Esc or Ctrl-C abort.
struct ReleaseMenu {
    struct Item: Equatable {
        var workload: String
        var status: String
        /// The container change; `nil` for a workload shown for information (skipped).
        var change: ImageChange?
        var note: String
        var checked: Bool
    }

    enum Key: Equatable { case up, down, toggle, accept, abort, other }

    enum Outcome: Equatable {
        case open
        case accepted([ImageChange])
        case aborted
    }

    static let heading = ["WORKLOAD", "STATUS", "UPDATES"]
    static let help = "Use arrow keys and [Space] to toggle updates; hit [Enter] to release selected."

    private(set) var items: [Item] = []
    /// Position among the checkable items.
    private(set) var cursor = 0

    /// Planned changes, then (with `-v`) skipped workloads, as `fluxctl release` prints them.
    init(result: JobResult, verbosity: Int) {
        for change in result.changes ?? [] {
            items.append(
                Item(
                    workload: change.workload, status: "planned", change: change,
                    note: "\(change.container): \(change.from) -> \(change.to)", checked: true))
        }
        for skipped in ReleaseOutput.visibleSkipped(result.skipped ?? [], verbosity: verbosity) {
            items.append(Item(workload: skipped.workload, status: "skipped", change: nil, note: skipped.reason, checked: false))
        }
    }

    var checkable: [Int] { items.indices.filter { items[$0].change != nil } }

    mutating func handle(_ key: Key) -> Outcome {
        let selectable = checkable
        guard !selectable.isEmpty else { return key == .abort ? .aborted : .accepted([]) }
        switch key {
        case .up: cursor = (cursor + selectable.count - 1) % selectable.count
        case .down: cursor = (cursor + 1) % selectable.count
        case .toggle: items[selectable[cursor]].checked.toggle()
        case .accept: return .accepted(items.filter(\.checked).compactMap(\.change))
        case .abort: return .aborted
        case .other: break
        }
        return .open
    }

    /// The menu's lines: `⇒` marks the cursor, `◉`/`◯` checked and unchecked changes.
    func render() -> [String] {
        let selectable = checkable
        var table = Table(headers: Self.heading)
        var previous: String?
        for item in items {
            let inline = previous == item.workload
            previous = item.workload
            table.rows.append([inline ? "" : item.workload, inline ? "" : item.status, item.note])
        }
        let lines = table.render().split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        var result = ["    " + (lines.first ?? "")]
        for (index, line) in lines.dropFirst().enumerated() {
            let pointer = selectable.indices.contains(cursor) && selectable[cursor] == index ? "\u{21D2}" : " "
            let box = items[index].change == nil ? " " : (items[index].checked ? "\u{25C9}" : "\u{25EF}")
            result.append("\(pointer) \(box) \(line)")
        }
        return result + ["", Self.help]
    }

    /// A key from the bytes one read of the terminal returned.
    static func key(_ bytes: [UInt8]) -> Key {
        switch bytes {
        case [27, 91, 65], [27, 79, 65]: return .up
        case [27, 91, 66], [27, 79, 66]: return .down
        case [3], [27], [UInt8(ascii: "q")]: return .abort
        case [UInt8(ascii: " ")]: return .toggle
        case [13], [10]: return .accept
        case [9], [UInt8(ascii: "j")]: return .down
        case [UInt8(ascii: "k")]: return .up
        default: return .other
        }
    }
}

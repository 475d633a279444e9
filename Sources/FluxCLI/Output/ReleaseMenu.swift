import FluxAPI

/// `fluxctl release --interactive`: the planned changes as a checklist, as Flux v1's menu
/// showed them (pure state; `Terminal` does the I/O). Every planned container change starts
/// checked; arrow keys, Tab, `j`/`k` move, Space toggles, Enter releases what is checked,
/// `q`, Esc or Ctrl-C abort.
struct ReleaseMenu {
    struct Item: Equatable {
        var line: ReleaseOutput.Item
        var checked: Bool

        /// The container change; `nil` for a workload shown for information (skipped).
        var change: ImageChange? { line.change }
    }

    enum Key: Equatable { case up, down, toggle, accept, abort, other }

    enum Outcome: Equatable {
        case open
        case accepted([ImageChange])
        case aborted
    }

    static let help = "Use arrow keys and [Space] to toggle updates; hit [Enter] to release selected."

    private(set) var items: [Item] = []
    /// Position among the checkable items.
    private(set) var cursor = 0

    /// The lines `fluxctl release` prints for the plan, every container change checked.
    init(result: JobResult, verbosity: Int) {
        items = ReleaseOutput.items(result, verbosity: verbosity).map { Item(line: $0, checked: $0.change != nil) }
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
        let table = ReleaseOutput.table(items.map(\.line))
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
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

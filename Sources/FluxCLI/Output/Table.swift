import ArgumentParser
import FluxAPI
import Foundation

/// `-o tab|json` of every listing.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case tab, json
}

/// Columns aligned like Go's tabwriter with two spaces of padding (what Flux v1 printed).
struct Table {
    var headers: [String]?
    var rows: [[String]] = []
    /// Keep the padding of a last column that is empty, as Go's tabwriter does for a cell
    /// ended by a tab (Flux v1's release table); other tables drop trailing spaces.
    var keepsTrailingPadding = false

    func render() -> String {
        let all = (headers.map { [$0] } ?? []) + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in all {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
            }.joined().trimmingTrailingSpaces(unless: keepsTrailingPadding)
        }.joined(separator: "\n") + (all.isEmpty ? "" : "\n")
    }
}

enum Output {
    /// Pretty JSON for `-o json`.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = FluxJSON.encoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// After a release or policy job, on stderr as Flux v1's `await` printed them: the commit
    /// pushed, and the commit applied once the sync that followed succeeded.
    static func commit(_ result: JobResult) {
        guard let revision = result.revision else { return }
        progress("Commit pushed:\t\(revision.prefix(7))")
        if let sync = result.sync, sync.succeeded, let applied = sync.revision {
            progress("Commit applied:\t\(applied.prefix(7))")
        }
    }

    /// Progress lines go to stderr so stdout stays parseable.
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// A failure fluxctl reports as `Error: …` with exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}

extension String {
    /// Without the spaces at the end (leading ones align empty first columns).
    fileprivate func trimmingTrailingSpaces(unless keep: Bool = false) -> String {
        var text = self
        if keep { return text }
        while text.last == " " { text.removeLast() }
        return text
    }
}

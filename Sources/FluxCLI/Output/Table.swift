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
            }.joined().trimmingTrailingSpaces()
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
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

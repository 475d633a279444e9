/// A replacement of a byte range of the source: the only way the editor changes text.
struct Splice: Sendable {
    var range: Range<Int>
    var replacement: [UInt8]

    init(_ range: Range<Int>, _ replacement: String) {
        self.range = range
        self.replacement = Array(replacement.utf8)
    }

    init(_ range: Range<Int>, bytes: [UInt8]) {
        self.range = range
        self.replacement = bytes
    }

    /// The source text with this splice applied.
    func apply(to source: SourceText) -> String {
        Self.apply([self], to: source)
    }

    /// The source text with several splices of distinct, non-overlapping ranges applied.
    static func apply(_ splices: [Splice], to source: SourceText) -> String {
        var bytes = source.bytes
        for splice in splices.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            bytes.replaceSubrange(splice.range, with: splice.replacement)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension SourceText {
    /// The column of the byte at `offset`, counted in bytes from its line's start.
    func column(of offset: Int) -> Int {
        offset - lines[lineIndex(of: offset)].start
    }

    /// Whether only spaces precede `offset` on its line.
    func startsLine(_ offset: Int) -> Bool {
        let start = lines[lineIndex(of: offset)].start
        return bytes[start..<offset].allSatisfy { $0 == UInt8(ascii: " ") }
    }

    /// The whole lines of a block mapping entry: from the start of its key's line to just past
    /// the line break of its last line. Blank lines and less-indented comments after the value
    /// are not part of it; a sequence written at the key's own indentation is.
    func blockEntryLines(_ entry: SourceNode.Entry) throws(YAMLEditError) -> Range<Int> {
        let keyStart = entry.key.start
        guard startsLine(keyStart) else {
            throw YAMLEditError(
                .unsupportedLayout, line: entry.key.line, message: "mapping key does not start its line")
        }
        let keyLine = lineIndex(of: keyStart)
        let keyColumn = column(of: keyStart)
        let value = entry.value
        let sequenceAtKeyColumn =
            value.items != nil && !value.isFlowCollection && lineIndex(of: value.start) > keyLine
            && column(of: value.start) == keyColumn
        var last = keyLine
        var index = keyLine + 1
        while index < lines.count {
            if isBlank(line: index) {
                index += 1
                continue
            }
            let indent = indentation(ofLine: index)
            let first = firstContentByte(ofLine: index)
            if indent > keyColumn {
                last = index
            } else if first == UInt8(ascii: "#") {
                // A comment at the key's indentation or less: belongs to what follows.
            } else if sequenceAtKeyColumn && indent == keyColumn && isSequenceEntry(line: index) {
                last = index
            } else {
                break
            }
            index += 1
        }
        return lines[keyLine].start..<lines[last].end
    }

    /// A range of whole lines to delete; when it runs to the end of a text without a final line
    /// break, the line break before it goes instead, so the text still ends without one.
    func deletionRange(forLines range: Range<Int>) -> Range<Int> {
        guard range.upperBound == bytes.count, let lastLine = lines.last, lastLine.end == lastLine.contentEnd,
            range.lowerBound > 0
        else { return range }
        let previous = lines[lineIndex(of: range.lowerBound) - 1]
        return (previous.contentEnd)..<range.upperBound
    }

    /// A splice inserting `newLines` (without line breaks) as new lines after the lines ending
    /// at `offset` (an offset just past a line break, or the end of a text without a final one),
    /// using the line break of the line before.
    func insertLines(_ newLines: [String], at offset: Int) -> Splice {
        var lineBreak = preferredLineBreak
        if offset > 0 {
            let previous = lines[lineIndex(of: offset - 1)]
            if previous.end > previous.contentEnd { lineBreak = Array(bytes[previous.contentEnd..<previous.end]) }
        }
        let body = newLines.map { Array($0.utf8) }.joined(separator: lineBreak)
        if offset == bytes.count, let lastLine = lines.last, lastLine.end == lastLine.contentEnd, offset > lastLine.start {
            return Splice(offset..<offset, bytes: lineBreak + body)
        }
        return Splice(offset..<offset, bytes: Array(body) + lineBreak)
    }

    private func isSequenceEntry(line index: Int) -> Bool {
        let line = lines[index]
        let dash = line.start + indentation(ofLine: index)
        guard dash < line.contentEnd, bytes[dash] == UInt8(ascii: "-") else { return false }
        return dash + 1 == line.contentEnd || bytes[dash + 1] == UInt8(ascii: " ")
            || bytes[dash + 1] == UInt8(ascii: "\t")
    }
}

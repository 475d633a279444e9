/// The UTF-8 bytes of a YAML file with an index of its lines, so positions reported by the
/// YAML parser (1-based line, column in Unicode scalars) can be turned into byte offsets.
///
/// Line breaks are the ones libyaml recognises: LF, CRLF, CR, NEL, LS and PS.
struct SourceText: Sendable {
    struct Line: Sendable {
        /// Offset of the line's first byte.
        var start: Int
        /// Offset just past the line's content (before its line break).
        var contentEnd: Int
        /// Offset just past the line break (equal to `contentEnd` for a last line without one).
        var end: Int
    }

    let bytes: [UInt8]
    let lines: [Line]
    /// Bytes of a UTF-8 byte order mark at the start, skipped by the parser.
    let bomLength: Int

    init(_ text: String) {
        let bytes = Array(text.utf8)
        self.bytes = bytes
        bomLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lines: [Line] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let breakLength = SourceText.lineBreakLength(bytes, at: index)
            if breakLength > 0 {
                lines.append(Line(start: start, contentEnd: index, end: index + breakLength))
                index += breakLength
                start = index
            } else {
                index += 1
            }
        }
        lines.append(Line(start: start, contentEnd: bytes.count, end: bytes.count))
        self.lines = lines
    }

    /// Length of the line break starting at `index`, or 0 when there is none.
    static func lineBreakLength(_ bytes: [UInt8], at index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0x0A { return 1 }
        if byte == 0x0D { return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1 }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 { return 2 }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
            bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
        {
            return 3
        }
        return 0
    }

    /// The byte offset of a parser mark (1-based line, 1-based column counted in Unicode scalars).
    func offset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= lines.count else { return nil }
        let entry = lines[line - 1]
        var offset = line == 1 ? entry.start + bomLength : entry.start
        var remaining = column - 1
        while remaining > 0 {
            guard offset < entry.contentEnd else { return nil }
            offset += 1
            while offset < entry.contentEnd && bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            remaining -= 1
        }
        return offset
    }

    /// The 0-based index of the line holding `offset`.
    func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = lines.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lines[mid].start <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The number of spaces at the start of a line.
    func indentation(ofLine index: Int) -> Int {
        let line = lines[index]
        var offset = line.start
        while offset < line.contentEnd && bytes[offset] == UInt8(ascii: " ") { offset += 1 }
        return offset - line.start
    }

    /// Whether a line is empty or holds only spaces and tabs.
    func isBlank(line index: Int) -> Bool {
        let line = lines[index]
        return bytes[line.start..<line.contentEnd].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// The first byte after the indentation of a line, or `nil` for a blank line.
    func firstContentByte(ofLine index: Int) -> UInt8? {
        let line = lines[index]
        var offset = line.start
        while offset < line.contentEnd && (bytes[offset] == UInt8(ascii: " ") || bytes[offset] == UInt8(ascii: "\t")) {
            offset += 1
        }
        return offset < line.contentEnd ? bytes[offset] : nil
    }

    /// The line break used by the file: the first one found, or LF for a file without any.
    var preferredLineBreak: [UInt8] {
        for line in lines where line.end > line.contentEnd {
            return Array(bytes[line.contentEnd..<line.end])
        }
        return [0x0A]
    }

    /// The text of a byte range (valid UTF-8 ranges only).
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}

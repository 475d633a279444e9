/// Cuts a YAML stream into its documents by their markers, without parsing, so that each
/// document's size is known (and an oversized one refused) before any parser sees it.
///
/// Exact, not heuristic: YAML forbids a line starting with `---` or `...` (followed by a space,
/// tab or the line end) inside any scalar or collection, so such a line always is a document
/// marker. Directives (`%YAML`, `%TAG`) and comments before a `---` stay with the document
/// they precede.
enum YAMLDocumentSplitter {
    struct Chunk: Equatable {
        /// Byte range in the stream.
        var range: Range<Int>
        /// 1-based line of the chunk's first line.
        var firstLine: Int
        /// 1-based line of the first line that is not blank, a comment or a directive.
        var contentLine: Int?
    }

    static func chunks(_ bytes: UnsafeBufferPointer<UInt8>) -> [Chunk] {
        var chunks: [Chunk] = []
        var start = 0
        var startLine = 1
        var contentLine: Int?
        var lineStart = 0
        var line = 1
        func close(at end: Int, nextLine: Int) {
            if contentLine != nil { chunks.append(Chunk(range: start..<end, firstLine: startLine, contentLine: contentLine)) }
            // A chunk of only comments, blank lines and directives is kept for the next document.
            if contentLine != nil {
                start = end
                startLine = nextLine
            }
            contentLine = nil
        }
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let next = min(lineEnd + 1, bytes.count)
            switch classify(bytes, from: lineStart, to: lineEnd) {
            case .documentStart:
                if contentLine != nil { close(at: lineStart, nextLine: line) }
                contentLine = contentLine ?? line
            case .documentEnd:
                contentLine = contentLine ?? line
                close(at: next, nextLine: line + 1)
            case .content:
                contentLine = contentLine ?? line
            case .blankOrComment, .directive:
                break
            }
            lineStart = next
            line += 1
        }
        close(at: bytes.count, nextLine: line)
        return chunks
    }

    enum LineKind { case documentStart, documentEnd, content, blankOrComment, directive }

    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> LineKind {
        func isMarker(_ byte: UInt8) -> Bool {
            guard end - start >= 3, bytes[start] == byte, bytes[start + 1] == byte, bytes[start + 2] == byte else {
                return false
            }
            guard start + 3 < end else { return true }
            let after = bytes[start + 3]
            return after == UInt8(ascii: " ") || after == UInt8(ascii: "\t") || after == UInt8(ascii: "\r")
        }
        if isMarker(UInt8(ascii: "-")) { return .documentStart }
        if isMarker(UInt8(ascii: ".")) { return .documentEnd }
        if start < end && bytes[start] == UInt8(ascii: "%") { return .directive }
        var index = start
        while index < end {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0xEF, 0xBB, 0xBF:
                // Spaces, and the bytes of a UTF-8 byte order mark.
                index += 1
            case UInt8(ascii: "#"):
                return .blankOrComment
            default:
                return .content
            }
        }
        return .blankOrComment
    }
}

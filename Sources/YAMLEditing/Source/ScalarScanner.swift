import Yams

/// Finds where values end in the source bytes: the parser only reports where nodes start.
enum ScalarScanner {
    /// The byte range of a scalar's text, quotes included, anchor and tag excluded.
    ///
    /// Only single-line scalars are supported; the range is checked to decode to the value the
    /// parser saw, so an edit never lands on the wrong bytes.
    static func range(of node: SourceNode, in source: SourceText) throws(YAMLEditError) -> Range<Int> {
        guard case .scalar(let value, let style) = node.content else {
            throw YAMLEditError(.unsupportedLayout, line: node.line, message: "expected a scalar value")
        }
        let bytes = source.bytes
        let start = skipProperties(from: node.start, in: source)
        let lineEnd = source.lines[source.lineIndex(of: start)].contentEnd
        let end: Int
        switch style {
        case .literal, .folded:
            throw YAMLEditError(.unsupportedLayout, line: node.line, message: "block scalars are not edited in place")
        case .plain:
            end = plainEnd(from: start, lineEnd: lineEnd, inFlow: node.isInFlow, bytes: bytes)
            guard source.string(start..<end) == value else {
                throw YAMLEditError(
                    .unsupportedLayout, line: node.line, message: "multi-line plain scalars are not edited in place")
            }
            return start..<end
        case .singleQuoted:
            end = try quotedEnd(from: start, quote: UInt8(ascii: "'"), lineEnd: lineEnd, bytes: bytes, line: node.line)
        case .doubleQuoted:
            end = try quotedEnd(from: start, quote: UInt8(ascii: "\""), lineEnd: lineEnd, bytes: bytes, line: node.line)
        }
        let decoded: String?
        do {
            decoded = try Yams.compose(yaml: source.string(start..<end))?.scalar?.string
        } catch {
            throw YAMLEditError(.unsupportedLayout, line: node.line, message: "quoted scalar did not re-read: \(error)")
        }
        guard decoded == value else {
            throw YAMLEditError(.unsupportedLayout, line: node.line, message: "quoted scalar spans lines")
        }
        return start..<end
    }

    /// Skips an anchor (`&a`) and a tag (`!!str`) in front of a node.
    static func skipProperties(from start: Int, in source: SourceText) -> Int {
        let bytes = source.bytes
        var offset = start
        while offset < bytes.count, bytes[offset] == UInt8(ascii: "&") || bytes[offset] == UInt8(ascii: "!") {
            while offset < bytes.count, !isBlankOrBreak(bytes[offset]) { offset += 1 }
            while offset < bytes.count, bytes[offset] == UInt8(ascii: " ") || bytes[offset] == UInt8(ascii: "\t") {
                offset += 1
            }
        }
        return offset
    }

    static func plainEnd(from start: Int, lineEnd: Int, inFlow: Bool, bytes: [UInt8]) -> Int {
        var offset = start
        var end = start
        while offset < lineEnd {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "#"), offset > start, isBlank(bytes[offset - 1]) { break }
            if byte == UInt8(ascii: ":") {
                let next = offset + 1 < lineEnd ? bytes[offset + 1] : UInt8(ascii: " ")
                if isBlank(next) || (inFlow && isFlowIndicator(next)) { break }
            }
            if inFlow && isFlowIndicator(byte) { break }
            offset += 1
            if !isBlank(byte) { end = offset }
        }
        return end
    }

    static func quotedEnd(from start: Int, quote: UInt8, lineEnd: Int, bytes: [UInt8], line: Int) throws(YAMLEditError)
        -> Int
    {
        var offset = start + 1
        while offset < lineEnd {
            let byte = bytes[offset]
            if quote == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") {
                offset += 2
                continue
            }
            if byte == quote {
                if quote == UInt8(ascii: "'"), offset + 1 < lineEnd, bytes[offset + 1] == quote {
                    offset += 2
                    continue
                }
                return offset + 1
            }
            offset += 1
        }
        throw YAMLEditError(.unsupportedLayout, line: line, message: "quoted scalar spans lines")
    }

    /// The offset just past the bracket closing the flow collection that opens at `start`.
    static func flowCollectionEnd(from start: Int, in source: SourceText, line: Int) throws(YAMLEditError) -> Int {
        let bytes = source.bytes
        var depth = 0
        var offset = start
        var previous: UInt8 = UInt8(ascii: "{")
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return offset + 1 }
            case let quote
            where (quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\""))
                && [UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: ","), UInt8(ascii: ":")].contains(previous):
                offset = try quotedEndAcrossLines(from: offset, quote: byte, bytes: bytes, line: line)
                previous = byte
                continue
            case UInt8(ascii: "#") where offset == 0 || isBlankOrBreak(bytes[offset - 1]):
                while offset < bytes.count, SourceText.lineBreakLength(bytes, at: offset) == 0 { offset += 1 }
                continue
            default:
                break
            }
            if !isBlankOrBreak(byte) { previous = byte }
            offset += 1
        }
        throw YAMLEditError(.unsupportedLayout, line: line, message: "unterminated flow collection")
    }

    private static func quotedEndAcrossLines(from start: Int, quote: UInt8, bytes: [UInt8], line: Int)
        throws(YAMLEditError) -> Int
    {
        var offset = start + 1
        while offset < bytes.count {
            let byte = bytes[offset]
            if quote == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") {
                offset += 2
                continue
            }
            if byte == quote {
                if quote == UInt8(ascii: "'"), offset + 1 < bytes.count, bytes[offset + 1] == quote {
                    offset += 2
                    continue
                }
                return offset + 1
            }
            offset += 1
        }
        throw YAMLEditError(.unsupportedLayout, line: line, message: "unterminated quoted scalar")
    }

    /// The offset just past a value written in flow context (a scalar or a flow collection).
    static func flowValueEnd(of node: SourceNode, in source: SourceText) throws(YAMLEditError) -> Int {
        if node.isFlowCollection {
            return try flowCollectionEnd(from: node.start, in: source, line: node.line)
        }
        return try range(of: node, in: source).upperBound
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    static func isBlankOrBreak(_ byte: UInt8) -> Bool {
        isBlank(byte) || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    static func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
            || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
    }
}

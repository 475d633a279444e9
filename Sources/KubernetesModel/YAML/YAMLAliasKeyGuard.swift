/// Refuses, before parsing, the one shape of YAML whose cost the parser itself cannot bound:
/// an alias used inside a mapping key that is not a plain scalar (`*a: x`, `? *a`, `[*a]: x`).
///
/// Yams resolves aliases by sharing nodes, which is cheap, but it checks every mapping for
/// duplicate keys by hashing each key node in full; a key that is (or contains) an alias of a
/// nested alias structure hashes exponentially many nodes, a CPU stall no later limit catches.
/// Kubernetes manifests never use collection keys (`sigs.k8s.io/yaml` refuses them), so the
/// scan is deliberately conservative: it looks at tokens, not structure, and refuses a document
/// only when it has both something that may be an alias and something that may be a complex
/// key. A false positive needs both in one document, e.g. a script line `- *.txt` and a `? x`
/// key; the error says what was found and where.
///
/// Inside a flow collection libyaml takes any `:` as the value indicator, also one with no space
/// after it (`[*a:x]` is a mapping whose key is the alias), so the scan keeps a rough count of
/// open flow collections and, inside one, needs no separator after the `:`.
enum YAMLAliasKeyGuard {
    /// The 1-based line (within `bytes`) of the first possible complex key, when the text may
    /// also hold an alias; `nil` when parsing is safe.
    static func riskyKeyLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var mayHaveAlias = false
        var complexKeyLine: Int?
        var line = 1
        // The last byte on this line that is not a space (0 at the line start).
        var previous: UInt8 = 0
        // Flow collections opened and not yet closed (rough: a `[` that starts a node opens one).
        var flowDepth = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                previous = 0
            case UInt8(ascii: "#") where index == 0 || isSpace(bytes[index - 1]):
                // A comment runs to the line end.
                while index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                // A quoted scalar: skipped to its closing quote, but never past the line end, so
                // a quote that is really block-scalar text cannot hide the lines after it.
                if opensNode(previous) { index = quotedEnd(bytes, from: index) }
                previous = byte
            case UInt8(ascii: "*") where opensNode(previous):
                mayHaveAlias = true
                // An alias followed on its line by a value indicator is an alias used as a key.
                var end = index + 1
                while end < bytes.count, isAnchorCharacter(bytes[end]) { end += 1 }
                if complexKeyLine == nil, valueIndicatorFollows(bytes, from: end, inFlow: flowDepth > 0) {
                    complexKeyLine = line
                }
                previous = byte
            case _ where (byte == UInt8(ascii: "&") || byte == UInt8(ascii: "!")) && opensNode(previous):
                // A node's anchor or tag (`&a [`, `!!seq [`): skipped whole, and a node may
                // still start after it, so `previous` stays as it was.
                while index + 1 < bytes.count, !isSpace(bytes[index + 1]) { index += 1 }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if opensNode(previous) { flowDepth += 1 }
                previous = byte
            case UInt8(ascii: "?") where opensNode(previous) && isSeparator(bytes, at: index + 1):
                if complexKeyLine == nil { complexKeyLine = line }
                previous = byte
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                // A flow collection used as an implicit key: `[a, b]: c`.
                let inFlow = flowDepth > 0
                flowDepth = max(0, flowDepth - 1)
                if complexKeyLine == nil, valueIndicatorFollows(bytes, from: index + 1, inFlow: inFlow) {
                    complexKeyLine = line
                }
                previous = byte
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            default:
                previous = byte
            }
            if mayHaveAlias, let complexKeyLine { return complexKeyLine }
            index += 1
        }
        return nil
    }

    /// The index of the closing quote of the scalar opened at `start`, or of the last byte
    /// before the line end when it does not close on this line.
    static func quotedEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let quote = bytes[start]
        var index = start + 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
            if quote == UInt8(ascii: "\""), bytes[index] == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: "\n") else { break }
                index += 2
                continue
            }
            if bytes[index] == quote {
                // `''` inside single quotes is an escaped quote.
                if quote == UInt8(ascii: "'"), index + 1 < bytes.count, bytes[index + 1] == quote {
                    index += 2
                    continue
                }
                return index
            }
            index += 1
        }
        return min(index, bytes.count) - 1
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }

    /// Whether a node may start after `previous` (a line start, or an indicator).
    static func opensNode(_ previous: UInt8) -> Bool {
        switch previous {
        case 0, UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "{"),
            UInt8(ascii: ","):
            return true
        default:
            return false
        }
    }

    /// libyaml's anchor characters: letters, digits, `_` and `-`.
    static func isAnchorCharacter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-")
    }

    /// Whether a value indicator follows on the same line before anything that ends a simple
    /// key (a flow indicator, a comment): libyaml then makes the node that ended at `start` (an
    /// alias, a flow collection) the key, even with text between them (`*a x: y` is a mapping
    /// keyed by the alias, its value empty, before the parser reports the stray `x`).
    static func valueIndicatorFollows(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, inFlow: Bool) -> Bool {
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\n"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
                UInt8(ascii: "}"):
                return false
            case UInt8(ascii: "#") where index > 0 && isSpace(bytes[index - 1]):
                return false
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                index = quotedEnd(bytes, from: index)
            case UInt8(ascii: ":") where isKeyIndicator(bytes, at: index, inFlow: inFlow):
                return true
            default:
                break
            }
            index += 1
        }
        return false
    }

    /// The value indicator of a mapping: `:` followed by a separator, or any `:` inside a flow
    /// collection (libyaml's scanner needs no space after it there).
    static func isKeyIndicator(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, inFlow: Bool) -> Bool {
        index < bytes.count && bytes[index] == UInt8(ascii: ":") && (inFlow || isSeparator(bytes, at: index + 1))
    }

    /// A space, a line end, the end of the text, or a flow indicator.
    static func isSeparator(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index < bytes.count else { return true }
        switch bytes[index] {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: ","),
            UInt8(ascii: "]"), UInt8(ascii: "}"):
            return true
        default:
            return false
        }
    }
}

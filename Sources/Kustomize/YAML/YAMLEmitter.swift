import KubernetesModel

/// Prints a JSON value as kustomize does (`sigs.k8s.io/yaml.JSONToYAML`, i.e. go-yaml v2):
/// map keys sorted in go-yaml's natural order, sequences not indented under their key,
/// empty collections in flow style, go-yaml's quoting rules and folding at 80 columns.
struct YAMLEmitter {
    private(set) var output: [UInt8] = []
    /// Column of the cursor, counted in characters as libyaml does.
    private var column = 0
    static let bestWidth = 80

    static func render(_ value: JSONValue) -> String {
        var emitter = YAMLEmitter()
        emitter.emitTop(value)
        return String(decoding: emitter.output, as: UTF8.self)
    }

    private mutating func emitTop(_ value: JSONValue) {
        switch value {
        case .object(let object) where !object.isEmpty:
            emitMapping(object, indent: 0, inline: false)
        case .array(let array) where !array.isEmpty:
            emitSequence(array, indent: 0, inline: false)
        default:
            emitScalarOrEmpty(value, indent: 0, isKey: false)
            newline()
        }
    }

    private mutating func write(_ text: String) {
        output.append(contentsOf: text.utf8)
        column += text.unicodeScalars.count
    }

    private mutating func newline() {
        output.append(10)
        column = 0
    }

    private mutating func pad(_ indent: Int) {
        if indent > 0 { write(String(repeating: " ", count: indent)) }
    }

    private mutating func emitMapping(_ object: JSONObject, indent: Int, inline: Bool) {
        let keys = object.keys.sorted(by: GoYAMLKeyOrder.less)
        for (index, key) in keys.enumerated() {
            if !(inline && index == 0) { pad(indent) }
            emitString(key, indent: indent + 2, isKey: true)
            write(":")
            let value = object[key] ?? .null
            switch value {
            case .object(let child) where !child.isEmpty:
                newline()
                emitMapping(child, indent: indent + 2, inline: false)
            case .array(let child) where !child.isEmpty:
                newline()
                emitSequence(child, indent: indent, inline: false)
            default:
                write(" ")
                emitScalarOrEmpty(value, indent: indent + 2, isKey: false)
                newline()
            }
        }
    }

    private mutating func emitSequence(_ array: [JSONValue], indent: Int, inline: Bool) {
        for (index, item) in array.enumerated() {
            if !(inline && index == 0) { pad(indent) }
            write("- ")
            switch item {
            case .object(let child) where !child.isEmpty:
                emitMapping(child, indent: indent + 2, inline: true)
            case .array(let child) where !child.isEmpty:
                emitSequence(child, indent: indent + 2, inline: true)
            default:
                emitScalarOrEmpty(item, indent: indent + 2, isKey: false)
                newline()
            }
        }
    }

    private mutating func emitScalarOrEmpty(_ value: JSONValue, indent: Int, isKey: Bool) {
        switch value {
        case .null: write("null")
        case .bool(let b): write(b ? "true" : "false")
        case .integer(let i): write(String(i))
        case .double(let d): write(GoNumbers.formatFloat(d))
        case .string(let s): emitString(s, indent: indent, isKey: isKey)
        case .array: write("[]")
        case .object: write("{}")
        }
    }

    /// go-yaml v2 `stringv` + the emitter's style selection.
    private mutating func emitString(_ text: String, indent: Int, isKey: Bool) {
        let analysis = ScalarAnalysis(text)
        let canUsePlain = !GoYAMLResolver.resolvesToNonString(text) && !GoNumbers.isBase60Float(text)
        var style: ScalarStyle
        if !canUsePlain {
            style = .doubleQuoted
        } else if text.contains("\n") {
            style = .literal
        } else {
            style = .plain
        }
        if isKey && analysis.multiline { style = .doubleQuoted }
        if style == .plain {
            if !analysis.blockPlainAllowed { style = .singleQuoted }
            if text.isEmpty && isKey { style = .singleQuoted }
        }
        if style == .singleQuoted && !analysis.singleQuotedAllowed { style = .doubleQuoted }
        if style == .literal && (!analysis.blockAllowed || isKey) { style = .doubleQuoted }
        let allowBreaks = !isKey
        switch style {
        case .plain: writePlain(text, indent: indent, allowBreaks: allowBreaks)
        case .singleQuoted: writeSingleQuoted(text, indent: indent, allowBreaks: allowBreaks)
        case .doubleQuoted: writeDoubleQuoted(text, indent: indent, allowBreaks: allowBreaks)
        case .literal: writeLiteral(text, indent: indent)
        }
    }

    private mutating func writeIndent(_ indent: Int) {
        newline()
        pad(indent)
    }

    private mutating func writePlain(_ text: String, indent: Int, allowBreaks: Bool) {
        let scalars = Array(text.unicodeScalars)
        var spaces = false
        for (i, scalar) in scalars.enumerated() {
            if scalar == " " {
                let nextIsSpace = i + 1 < scalars.count && scalars[i + 1] == " "
                if allowBreaks && !spaces && column > Self.bestWidth && !nextIsSpace {
                    writeIndent(indent)
                } else {
                    write(" ")
                }
                spaces = true
            } else {
                write(String(scalar))
                spaces = false
            }
        }
    }

    private mutating func writeSingleQuoted(_ text: String, indent: Int, allowBreaks: Bool) {
        write("'")
        let scalars = Array(text.unicodeScalars)
        var spaces = false
        for (i, scalar) in scalars.enumerated() {
            if scalar == " " {
                let nextIsSpace = i + 1 < scalars.count && scalars[i + 1] == " "
                if allowBreaks && !spaces && column > Self.bestWidth && i != 0 && i != scalars.count - 1
                    && !nextIsSpace
                {
                    writeIndent(indent)
                } else {
                    write(" ")
                }
                spaces = true
            } else {
                write(scalar == "'" ? "''" : String(scalar))
                spaces = false
            }
        }
        write("'")
    }

    private mutating func writeDoubleQuoted(_ text: String, indent: Int, allowBreaks: Bool) {
        write("\"")
        let scalars = Array(text.unicodeScalars)
        var spaces = false
        for (i, scalar) in scalars.enumerated() {
            let v = scalar.value
            if !ScalarAnalysis.isPrintable(scalar) || v == 0xFEFF || scalar == "\n" || scalar == "\r"
                || scalar == "\"" || scalar == "\\" || v == 0x85 || v == 0x2028 || v == 0x2029
            {
                write(Self.escape(scalar))
                spaces = false
            } else if scalar == " " {
                if allowBreaks && !spaces && column > Self.bestWidth && i != 0 && i != scalars.count - 1 {
                    writeIndent(indent)
                    if i + 1 < scalars.count && scalars[i + 1] == " " { write("\\") }
                } else {
                    write(" ")
                }
                spaces = true
            } else {
                write(String(scalar))
                spaces = false
            }
        }
        write("\"")
    }

    static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x00: return "\\0"
        case 0x07: return "\\a"
        case 0x08: return "\\b"
        case 0x09: return "\\t"
        case 0x0A: return "\\n"
        case 0x0B: return "\\v"
        case 0x0C: return "\\f"
        case 0x0D: return "\\r"
        case 0x1B: return "\\e"
        case 0x22: return "\\\""
        case 0x5C: return "\\\\"
        case 0x85: return "\\N"
        case 0xA0: return "\\_"
        case 0x2028: return "\\L"
        case 0x2029: return "\\P"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            if scalar.value <= 0xFF { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
            if scalar.value <= 0xFFFF { return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
            return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
        }
    }

    private mutating func writeLiteral(_ text: String, indent: Int) {
        write("|")
        if let first = text.unicodeScalars.first, first == " " || first == "\n" { write("2") }
        var trailingBreaks = 0
        for scalar in text.unicodeScalars.reversed() {
            if scalar == "\n" { trailingBreaks += 1 } else { break }
        }
        if trailingBreaks == 0 {
            write("-")
        } else if trailingBreaks > 1 || trailingBreaks == text.unicodeScalars.count {
            write("+")
        }
        newline()
        var atLineStart = true
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                newline()
                atLineStart = true
            } else {
                if atLineStart {
                    pad(indent)
                    atLineStart = false
                }
                write(String(scalar))
            }
        }
        // The caller ends the line; a scalar ending in a break already did.
        if !atLineStart { return }
        output.removeLast()
        column = 0
    }
}

enum ScalarStyle {
    case plain, singleQuoted, doubleQuoted, literal
}

import Yams

/// Writes string values as YAML scalars, keeping the quoting style of the value they replace
/// when that style can hold the new value.
enum ScalarWriter {
    /// The text for `value` in the given style; falls back to double quotes when the style
    /// cannot represent it (a plain scalar that would read as a boolean, a number, or that holds
    /// `: ` or ` #`; a single-quoted scalar with a line break).
    static func render(_ value: String, style: SourceNode.ScalarStyle, inFlow: Bool) -> String {
        switch style {
        case .plain where isPlainSafe(value, inFlow: inFlow):
            return value
        case .singleQuoted where !value.contains(where: { $0.isNewline || isControl($0) }):
            return "'" + value.map { $0 == "'" ? "''" : String($0) }.joined() + "'"
        default:
            return doubleQuoted(value)
        }
    }

    /// Plain when that reads back as the same string, double-quoted otherwise.
    static func renderPreferringPlain(_ value: String, inFlow: Bool) -> String {
        render(value, style: .plain, inFlow: inFlow)
    }

    static func doubleQuoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029
                {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Whether `value` written plain as a mapping value reads back as the same string.
    static func isPlainSafe(_ value: String, inFlow: Bool) -> Bool {
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return false }
        if first == " " || first == "\t" || last == " " || last == "\t" { return false }
        if value.contains(where: { $0.isNewline || isControl($0) }) { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        if inFlow && value.contains(where: { ",[]{}".contains($0) }) { return false }
        let document = inFlow ? "{k: \(value)}" : "k: \(value)"
        do {
            guard let node = try Yams.compose(yaml: document), let mapping = node.mapping, mapping.count == 1,
                let scalar = mapping["k"], case .scalar(let read) = scalar
            else { return false }
            return read.style == .plain && read.string == value && Resolver.default.resolveTag(of: scalar) == .str
        } catch {
            return false
        }
    }

    private static func isControl(_ character: Character) -> Bool {
        character.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}

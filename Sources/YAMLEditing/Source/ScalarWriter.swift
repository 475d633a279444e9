import Yams

/// Writes string values as YAML scalars, keeping the quoting style of the value they replace
/// when that style can hold the new value.
///
/// Where a value cannot stay plain, it is single-quoted, as Flux v1's editor (ruamel.yaml)
/// writes it (`fluxcd.io/automated: 'true'`); double quotes are the last resort, for line
/// breaks and control characters.
enum ScalarWriter {
    /// The text for `value` in the given style; a plain scalar that would read as something
    /// else (a boolean, a number, `: ` or ` #` inside) becomes single-quoted, and a value
    /// single quotes cannot hold (a line break, a control character) double-quoted.
    static func render(_ value: String, style: SourceNode.ScalarStyle, inFlow: Bool) -> String {
        switch style {
        case .plain where isPlainSafe(value, inFlow: inFlow):
            return value
        case .plain, .singleQuoted:
            return isSingleQuotable(value) ? singleQuoted(value) : doubleQuoted(value)
        default:
            return doubleQuoted(value)
        }
    }

    /// Plain when that reads back as the same string, single-quoted otherwise (double-quoted
    /// for line breaks and control characters): how new values are written.
    static func renderPreferringPlain(_ value: String, inFlow: Bool) -> String {
        render(value, style: .plain, inFlow: inFlow)
    }

    static func isSingleQuotable(_ value: String) -> Bool {
        !value.contains(where: { $0.isNewline || isControl($0) })
    }

    static func singleQuoted(_ value: String) -> String {
        "'" + value.map { $0 == "'" ? "''" : String($0) }.joined() + "'"
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

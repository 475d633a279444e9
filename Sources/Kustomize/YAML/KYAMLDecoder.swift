import KubernetesModel
import Yams

/// Decodes YAML the way kustomize's kyaml (yaml.v3) does: plain scalars are resolved by
/// the YAML 1.2 core schema (so `yes`/`on` stay strings), timestamps stay strings, and
/// mapping order is kept. The shared `JSONValue(yaml:)` follows YAML 1.1 instead, which
/// would change values kustomize passes through untouched.
enum KYAMLDecoder {
    /// One document and the 1-based line where it starts.
    struct Document {
        var value: JSONValue
        var line: Int
    }

    /// The documents of `text`, read by the shared `YAMLReader` (so within `YAMLLimits.current`:
    /// document size, depth, alias expansion) with yaml.v3's scalar resolution.
    static func documents(_ text: String) throws(YAMLConversionError) -> [Document] {
        try YAMLReader.documents(text, resolve: resolve(_:tag:)).map { Document(value: $0.value, line: $0.line) }
    }

    static func resolve(_ scalar: Node.Scalar, tag: Tag) -> JSONValue {
        let text = scalar.string
        if scalar.style != .plain && scalar.style != .any { return .string(text) }
        let explicit = tag.rawValue
        if explicit == Tag.Name.str.rawValue { return .string(text) }
        return resolvePlain(text)
    }

    /// yaml.v3's resolution of an untagged plain scalar.
    static func resolvePlain(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        guard let first = text.utf8.first,
            (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) || first == UInt8(ascii: "-")
                || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
        else { return .string(text) }
        if GoNumbers.looksLikeTimestamp(text) { return .string(GoNumbers.timestampJSON(text)) }
        let plain = text.replacingOccurrences(of: "_", with: "")
        if let int = GoNumbers.parseInt(plain) { return .integer(int) }
        if GoNumbers.isYAMLFloat(plain), let double = Double(plain) { return .double(double) }
        // YAML 1.2 infinities and NaN are floats; kustomize cannot turn them into JSON and
        // refuses the resource (FileLoader does the same).
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: return .string(text)
        }
    }
}

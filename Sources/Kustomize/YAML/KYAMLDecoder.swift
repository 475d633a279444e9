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
        /// Field-name paths (list levels omitted) of mapping values written empty (`key:`),
        /// which kyaml tells from a written `null`: a strategic merge drops them.
        var emptyNulls: Set<[String]> = []
        /// The first mapping key written as a plain scalar that yaml.v3 resolves to a number,
        /// boolean, null or timestamp (`1: a`, `true: b`), and its line in the document.
        var nonStringKey: (text: String, line: Int)?
    }

    /// The documents of `text`, read by the shared `YAMLReader` (so within `YAMLLimits.current`:
    /// document size, depth, alias expansion) with yaml.v3's scalar resolution.
    /// `resources`: the documents are objects of the build, whose null annotations become the
    /// text written; in a patch a null annotation still deletes.
    static func documents(_ text: String, resources: Bool = false) throws(YAMLConversionError) -> [Document] {
        try YAMLReader.documents(text, resolve: resolve(_:tag:)) { node, value in
            stringifyAnnotations(of: node, in: &value, nulls: resources)
            var emptyNulls = Set<[String]>()
            var writtenNulls = Set<[String]>()
            if resources { collectNulls(node, path: [], empty: &emptyNulls, written: &writtenNulls) }
            // A path holding both kinds (in two list elements) is left alone.
            emptyNulls.subtract(writtenNulls)
            let key = resources ? firstNonStringKey(node) : nil
            return (emptyNulls, key.map { ($0.text, $0.line - (node.mark?.line ?? 1)) })
        }.map { entry in
            let key = entry.extra.1.map { (text: $0.0, line: entry.document.line + $0.1) }
            return Document(value: entry.document.value, line: entry.document.line, emptyNulls: entry.extra.0, nonStringKey: key)
        }
    }

    /// kustomize turns each object into JSON through yaml.v3's generic decoding, where a plain
    /// key such as `1`, `true`, `~` or `2024-01-01` is no string, and refuses the object (`json:
    /// unsupported type: map[interface {}]interface {}`); the first such key, with its line.
    static func firstNonStringKey(_ node: Node) -> (text: String, line: Int)? {
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                if case .scalar(let scalar) = key, scalar.style == .plain || scalar.style == .any,
                    key.tag.rawValue != Tag.Name.str.rawValue
                {
                    let resolved = resolvePlain(scalar.string)
                    if resolved.stringValue == nil || GoNumbers.looksLikeTimestamp(scalar.string) {
                        return (scalar.string, key.mark?.line ?? 1)
                    }
                }
                if let found = firstNonStringKey(value) { return found }
            }
        case .sequence(let sequence):
            for element in sequence { if let found = firstNonStringKey(element) { return found } }
        default:
            break
        }
        return nil
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

extension KYAMLDecoder {
    /// kustomize hands annotations around as strings (`GetAnnotations`/`SetAnnotations`), so an
    /// object's `metadata.annotations` written as numbers, booleans or nulls come out as
    /// strings of the text written (`port: 8080` → `"8080"`, `d: 1.50` → `"1.50"`, `e: ~` →
    /// `"~"`). Only the object's own annotations (and a List's items'); pod templates' stay typed.
    static func stringifyAnnotations(of node: Node, in value: inout JSONValue, nulls: Bool) {
        stringifyOwnAnnotations(of: node, in: &value, nulls: nulls)
        guard let kind = value.kind, kind.hasSuffix("List"), let items = node["items" as String]?.sequence,
            case .array(var converted)? = value["items"], converted.count == items.count
        else { return }
        for (index, item) in items.enumerated() { stringifyOwnAnnotations(of: item, in: &converted[index], nulls: nulls) }
        value["items"] = .array(converted)
    }

    private static func stringifyOwnAnnotations(of node: Node, in value: inout JSONValue, nulls: Bool) {
        guard let annotations = node["metadata" as String]?["annotations" as String]?.mapping,
            case .object(var converted)? = value["metadata"]?["annotations"]
        else { return }
        var changed = false
        for (key, item) in annotations {
            guard case .scalar(let scalar) = item, case .scalar(let keyScalar) = key,
                let current = converted[keyScalar.string], current.stringValue == nil, nulls || !current.isNull
            else { continue }
            converted[keyScalar.string] = .string(scalar.string)
            changed = true
        }
        if changed { value["metadata"]?["annotations"] = .object(converted) }
    }

    /// Annotations a JSON patch or replacement made non-strings, as kustomize prints them
    /// once it has read them back as strings.
    static func annotationText(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .double(let number): return GoNumbers.formatFloat(number)
        case .null: return "null"
        case .array, .object: return ""
        }
    }
}

extension KYAMLDecoder {
    static func collectNulls(_ node: Node, path: [String], empty: inout Set<[String]>, written: inout Set<[String]>) {
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else { continue }
                let childPath = path + [keyScalar.string]
                if case .scalar(let scalar) = value, scalar.style == .plain || scalar.style == .any,
                    value.tag.rawValue != Tag.Name.str.rawValue, resolvePlain(scalar.string).isNull
                {
                    if scalar.string.isEmpty { empty.insert(childPath) } else { written.insert(childPath) }
                } else {
                    collectNulls(value, path: childPath, empty: &empty, written: &written)
                }
            }
        case .sequence(let sequence):
            for element in sequence { collectNulls(element, path: path, empty: &empty, written: &written) }
        default:
            break
        }
    }
}

import KubernetesModel

/// kustomize v5.8's replacements into structured data: a target field path that runs through
/// a string field holding JSON (`data.[config.json].server.host`) changes the value inside
/// the document and writes the document back (api/filters/replacement `setValueInStructuredData`).
enum StructuredData {
    /// Applies `value` at `path` inside the first string field on the path that holds a JSON
    /// object or array; false when the path has no such field (the caller then treats the path
    /// as an ordinary one, as kustomize falls back). Documents written as YAML rather than JSON
    /// are left to that fallback (see the README).
    static func apply(
        _ value: JSONValue, to object: inout JSONValue, path: [String], create: Bool
    ) throws -> Bool {
        guard path.count >= 2 else { return false }
        for length in 1..<path.count {
            let prefix = Array(path[..<length])
            guard let field = try? KyamlPath.get(object, prefix) else { continue }  // a path kyaml's Lookup cannot walk
            guard KyamlPath.isScalar(field) else { continue }
            // kustomize stops at the first scalar on the path, whatever it holds.
            guard case .string(let text) = field else { return false }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.hasPrefix("{") || trimmed.hasPrefix("[") else { return false }
            guard var document = (try? KYAMLDecoder.documents(text))?.first?.value,  // not YAML: kustomize falls back too
                document.objectValue != nil || document.arrayValue != nil
            else { return false }
            let rest = path[length...]
            var matched = 0
            do {
                if create {
                    try KyamlPath.create(&document, rest) { existing in
                        matched += 1
                        guard let existing else { return KYAMLDecoder.resolvePlain(KyamlPath.text(value)) }
                        return set(value, into: existing)
                    }
                } else {
                    try KyamlPath.visit(&document, rest) { node in
                        matched += 1
                        node = set(value, into: node)
                    }
                }
            } catch {
                return false
            }
            guard matched > 0 else { return false }
            let pretty = text.contains("\n") && text.contains("  ")
            try KyamlPath.create(&object, prefix[...]) { _ in .string(GoJSON.encode(document, indent: pretty ? "  " : nil)) }
            return true
        }
        return false
    }

    /// A scalar keeps its type and takes the value's text; anything else is replaced.
    private static func set(_ value: JSONValue, into target: JSONValue) -> JSONValue {
        guard KyamlPath.isScalar(target), KyamlPath.isScalar(value) else { return value }
        return ReplacementTransformer.retyped(KyamlPath.text(value), like: target)
    }
}

/// Go's `encoding/json` `Marshal`/`MarshalIndent(v, "", indent)` of decoded YAML: map keys
/// sorted, HTML characters escaped, floats as Go writes them.
enum GoJSON {
    static func encode(_ value: JSONValue, indent: String?) -> String {
        var output = ""
        write(value, indent: indent, depth: 0, into: &output)
        return output
    }

    private static func write(_ value: JSONValue, indent: String?, depth: Int, into output: inout String) {
        func newline(_ level: Int) {
            guard let indent else { return }
            output += "\n" + String(repeating: indent, count: level)
        }
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .integer(let number): output += String(number)
        case .double(let number): output += float(number)
        case .string(let text): output += NameHasher.goJSONString(text)
        case .array(let items):
            guard !items.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (position, item) in items.enumerated() {
                if position > 0 { output += "," }
                newline(depth + 1)
                write(item, indent: indent, depth: depth + 1, into: &output)
            }
            newline(depth)
            output += "]"
        case .object(let object):
            guard !object.isEmpty else {
                output += "{}"
                return
            }
            output += "{"
            let keys = object.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (position, key) in keys.enumerated() {
                if position > 0 { output += "," }
                newline(depth + 1)
                output += NameHasher.goJSONString(key) + (indent == nil ? ":" : ": ")
                write(object[key] ?? .null, indent: indent, depth: depth + 1, into: &output)
            }
            newline(depth)
            output += "}"
        }
    }

    /// Go's float encoding in JSON: positional between 1e-6 and 1e21, else exponent form
    /// with at least one exponent digit (`1e-07` becomes `1e-7`).
    static func float(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == 0 { return "0" }
        let (negative, digits, pointPosition) = GoNumbers.decimalDigits(number)
        let exponent = pointPosition - 1
        var result = negative ? "-" : ""
        if abs(number) < 1e-6 || abs(number) >= 1e21 {
            result += String(digits.first ?? "0")
            if digits.count > 1 { result += "." + digits.dropFirst() }
            return result + (exponent < 0 ? "e-" : "e+") + String(abs(exponent))
        }
        if pointPosition <= 0 { return result + "0." + String(repeating: "0", count: -pointPosition) + digits }
        if pointPosition >= digits.count { return result + digits + String(repeating: "0", count: pointPosition - digits.count) }
        let index = digits.index(digits.startIndex, offsetBy: pointPosition)
        return result + digits[..<index] + "." + digits[index...]
    }
}

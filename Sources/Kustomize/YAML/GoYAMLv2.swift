import KubernetesModel
import Yams

/// The kustomization file as kustomize reads it, with `sigs.k8s.io/yaml` (go-yaml v2,
/// YAML 1.1): `JSONValue(yamlNode:)` plus go-yaml v2's one-letter booleans (`y`, `Y`, `n`,
/// `N`), which the Yams resolver leaves as strings, and repeated keys allowed (the last wins). `commonLabels: {a: y}` is therefore an
/// error, as in kustomize ("cannot unmarshal bool into ... string").
enum GoYAMLv2 {
    struct Document {
        var value: JSONValue
        var line: Int
    }

    /// The documents of `text`; empty ones (null) are dropped unless `keepingEmpty`.
    static func documents(_ text: String, keepingEmpty: Bool = false) throws(YAMLConversionError) -> [Document] {
        var text = text
        // Yams refuses repeated keys while parsing; go-yaml v2 keeps the last. A repeated
        // block-style key's earlier occurrence is cut from the text and the parse retried.
        for _ in 0..<100 {
            do {
                _ = try Parser(yaml: text).nextRootsForDuplicateCheck()
                break
            } catch YamlError.duplicatedKeysInMapping(_, let context) {
                guard let shorter = removingBlock(atLine: context.mark.line, column: context.mark.column, in: text) else { break }
                text = shorter
            } catch {
                break
            }
        }
        return try parse(text, keepingEmpty: keepingEmpty)
    }

    /// `text` without the key at `line`/`column` (1-based) and the lines of its value (those
    /// indented deeper, or block sequence items at the key's indentation); nil when the key
    /// is not where it should be (flow style).
    static func removingBlock(atLine line: Int, column: Int, in text: String) -> String? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let index = line - 1
        guard lines.indices.contains(index) else { return nil }
        let indent = column - 1
        func indentation(_ line: Substring) -> Int { line.prefix { $0 == " " }.count }
        guard indentation(lines[index]) == indent || lines[index].hasPrefix(String(repeating: " ", count: max(indent - 2, 0)) + "- ")
        else { return nil }
        var end = index + 1
        while end < lines.count {
            let candidate = lines[end]
            let trimmed = candidate.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") || indentation(candidate) > indent
                || (indentation(candidate) == indent && trimmed.hasPrefix("- "))
            {
                end += 1
                continue
            }
            break
        }
        if indentation(lines[index]) == indent {
            lines.removeSubrange(index..<end)
        } else {
            // The key opens a list item (`- literals: …`): keep the dash for the next key.
            return nil
        }
        return lines.joined(separator: "\n")
    }

    private static func parse(_ text: String, keepingEmpty: Bool) throws(YAMLConversionError) -> [Document] {
        var result: [Document] = []
        do {
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() {
                let value = try JSONValue(yamlNode: oneLetterBooleans(node))
                if value.isNull, !keepingEmpty { continue }
                result.append(Document(value: value, line: node.mark?.line ?? 1))
            }
        } catch let error as YAMLConversionError {
            throw error
        } catch {
            // Yams' parse errors: the shared reader words them (with the line).
            _ = try JSONValue.yamlDocuments(text)
            throw YAMLConversionError(message: "\(error)")
        }
        return result
    }

    /// Plain `y`/`Y`/`n`/`N` values rewritten as `true`/`false` (keys are left alone).
    static func oneLetterBooleans(_ node: Node) -> Node {
        switch node {
        case .scalar(var scalar):
            guard scalar.style == .plain || scalar.style == .any else { return node }
            switch scalar.string {
            case "y", "Y": scalar.string = "true"
            case "n", "N": scalar.string = "false"
            default: return node
            }
            return .scalar(scalar)
        case .mapping(let mapping):
            // go-yaml v2 decoding into a map lets a repeated key's last value win (kustomize
            // accepts `literals:` twice in one generator and uses the second).
            var pairs: [(Node, Node)] = []
            for pair in mapping {
                let value = oneLetterBooleans(pair.value)
                if let key = pair.key.scalar?.string, pair.key.tag.rawValue != Tag.Name.merge.rawValue,
                    let index = pairs.firstIndex(where: { $0.0.scalar?.string == key })
                {
                    pairs[index] = (pairs[index].0, value)
                } else {
                    pairs.append((pair.key, value))
                }
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case .sequence(var sequence):
            for index in sequence.indices { sequence[index] = oneLetterBooleans(sequence[index]) }
            return .sequence(sequence)
        case .alias:
            return node
        }
    }
}

extension Parser {
    /// Composes every document (to surface Yams' duplicate-key error with its position).
    func nextRootsForDuplicateCheck() throws -> Int {
        var count = 0
        while try nextRoot() != nil { count += 1 }
        return count
    }
}

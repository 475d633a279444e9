import KubernetesModel
import Yams

/// The kustomization file as kustomize reads it, with `sigs.k8s.io/yaml` (go-yaml v2,
/// YAML 1.1): `JSONValue(yamlNode:)` plus go-yaml v2's one-letter booleans (`y`, `Y`, `n`,
/// `N`), which the Yams resolver leaves as strings. `commonLabels: {a: y}` is therefore an
/// error, as in kustomize ("cannot unmarshal bool into ... string").
enum GoYAMLv2 {
    struct Document {
        var value: JSONValue
        var line: Int
    }

    static func documents(_ text: String) throws(YAMLConversionError) -> [Document] {
        var result: [Document] = []
        do {
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() {
                let value = try JSONValue(yamlNode: oneLetterBooleans(node))
                if value.isNull { continue }
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
        case .mapping(var mapping):
            for index in mapping.indices {
                let pair = mapping[index]
                mapping[index] = (key: pair.key, value: oneLetterBooleans(pair.value))
            }
            return .mapping(mapping)
        case .sequence(var sequence):
            for index in sequence.indices { sequence[index] = oneLetterBooleans(sequence[index]) }
            return .sequence(sequence)
        case .alias:
            return node
        }
    }
}

import Foundation
import KubernetesModel

/// kustomize's builtin `ValueAddTransformer` (an RFC 6902 "add" of one string value): for
/// each target, the selected objects (all without a selector) get `value` at `fieldPath`,
/// or inserted into the file path held there at `filePathPosition`. `metadata/namespace`
/// sets the namespace as the namespace filter does (namespaced kinds only; RoleBinding
/// subjects named `default`). Without `value`, the value is the name of the directory of
/// the kustomization that lists the transformer.
extension BuiltinPlugins {
    func valueAdd(_ args: JSONObject, field: String, resources: inout [Resource]) async throws {
        var value = (args["value"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty { value = URL(fileURLWithPath: kustomization.directory).lastPathComponent }
        var targets = args["targets"]?.arrayValue ?? []
        if let path = args["targetFilePath"]?.stringValue, !path.isEmpty {
            let full = FileLoader.resolve(path, in: kustomization.directory)
            let text = try await FileLoader.readText(full, kustomization: kustomization.file, field: "\(field).targetFilePath")
            do {
                targets += try JSONValue(yaml: text)["targets"]?.arrayValue ?? []
            } catch {
                throw KustomizeError(.invalidYAML, file: full, field: "\(field).targetFilePath", line: error.line, error.message)
            }
        }
        guard !targets.isEmpty else {
            throw KustomizeError(.invalidField, file: kustomization.file, field: field, "must specify at least one target")
        }
        for (index, target) in targets.enumerated() {
            let targetField = "\(field).targets[\(index)]"
            let fieldPath = target["fieldPath"]?.stringValue ?? ""
            guard !fieldPath.isEmpty else {
                throw KustomizeError(.invalidField, file: kustomization.file, field: targetField, "fieldPath cannot be empty")
            }
            let position = Int(target["filePathPosition"]?.intValue ?? 0)
            guard position >= 0 else {
                throw KustomizeError(
                    .invalidField, file: kustomization.file, field: targetField,
                    "value of FilePathPosition (\(position)) cannot be negative")
            }
            let selector = try target["selector"]?.objectValue.map {
                try PatchSelector($0, file: kustomization.file, field: "\(targetField).selector")
            }
            let selected = resources.indices.filter { selector?.selects(resources[$0]) ?? true }
            if fieldPath == "metadata/namespace" {
                var subset = selected.map { resources[$0] }
                MetadataTransformers.setNamespace(value, on: &subset, builtinFields: false, storeAllPrevious: false)
                for (offset, index) in selected.enumerated() { resources[index] = subset[offset] }
                continue
            }
            let spec = FieldSpec(path: fieldPath, create: true)
            for index in selected {
                var failure: KustomizeError?
                let id = resources[index].currentID
                try resources[index].apply(spec) { current in
                    guard let current, !current.isNull else {
                        return .string(Self.insertPathPart(value, into: "", at: position))
                    }
                    guard current.objectValue == nil, current.arrayValue == nil else {
                        failure = KustomizeError(
                            .invalidField, file: kustomization.file, field: targetField,
                            "wrong node kind: expected ScalarNode at '\(fieldPath)' of \(id)")
                        return current
                    }
                    let text = KyamlPath.text(current)
                    return .string(position > 0 ? Self.insertPathPart(value, into: text, at: position) : value)
                }
                if let failure { throw failure }
            }
        }
    }

    /// kyaml's `filesys.InsertPathPart(path, position - 1, part)`: `part` becomes the
    /// path's element at that index (absolute paths keep their leading slash; positions
    /// past the end append).
    static func insertPathPart(_ part: String, into path: String, at position: Int) -> String {
        guard position > 0 else { return part }
        var parts = path.isEmpty ? [] : path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if path.hasSuffix("/"), parts.count > 1 { parts.removeLast() }
        var index = min(position - 1, parts.count)
        if parts.first == "", index < parts.count { index += 1 }
        parts.insert(part, at: index)
        if parts.first == "" { return "/" + parts.dropFirst().filter { !$0.isEmpty }.joined(separator: "/") }
        return parts.filter { !$0.isEmpty }.joined(separator: "/")
    }
}

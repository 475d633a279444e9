import KubernetesModel
import Patching

/// `openapi: {path: schema.json}`: OpenAPI definitions for custom resources, whose
/// `x-kubernetes-patch-strategy: merge` and `x-kubernetes-patch-merge-key` (or
/// `x-kubernetes-list-map-keys`) make their lists merge in strategic merge patches, as
/// kyaml does with a custom schema. Definitions are found by `x-kubernetes-group-version-kind`.
enum OpenAPISchema {
    static func key(group: String, version: String, kind: String) -> String { "\(group)/\(version)/\(kind)" }

    static func parse(_ text: String, file: String, field: String) throws -> [String: ListStrategies] {
        let value: JSONValue
        do {
            value = try KYAMLDecoder.documents(text).first?.value ?? .null
        } catch {
            throw KustomizeError(.invalidYAML, file: file, field: field, line: error.line, error.message)
        }
        guard let definitions = value["definitions"]?.objectValue else {
            throw KustomizeError(.invalidField, file: file, field: field, "an OpenAPI schema needs 'definitions'")
        }
        var result: [String: ListStrategies] = [:]
        for (_, definition) in definitions {
            for gvk in definition["x-kubernetes-group-version-kind"]?.arrayValue ?? [] {
                let root = definition
                let strategies = ListStrategies { field, path in
                    strategy(field: field, path: path, root: root, definitions: definitions)
                }
                result[
                    key(
                        group: gvk["group"]?.stringValue ?? "", version: gvk["version"]?.stringValue ?? "",
                        kind: gvk["kind"]?.stringValue ?? "")] = strategies
            }
        }
        return result
    }

    private static func resolve(_ schema: JSONValue?, _ definitions: JSONObject) -> JSONValue? {
        var current = schema
        var hops = 0
        while let reference = current?["$ref"]?.stringValue, hops < 32 {
            current = definitions[String(reference.split(separator: "/").last ?? "")]
            hops += 1
        }
        return current
    }

    static func strategy(field: String, path: [String], root: JSONValue, definitions: JSONObject) -> ListStrategy {
        var schema = resolve(root, definitions)
        for name in path {
            schema = resolve(schema?["properties"]?[name], definitions)
            if schema?["type"]?.stringValue == "array" || schema?["items"] != nil {
                schema = resolve(schema?["items"], definitions)
            }
        }
        guard let list = resolve(schema?["properties"]?[field], definitions),
            let patchStrategy = list["x-kubernetes-patch-strategy"]?.stringValue,
            patchStrategy.split(separator: ",").contains("merge")
        else { return .replace }
        if let keys = list["x-kubernetes-list-map-keys"]?.arrayValue?.compactMap(\.stringValue), keys.count > 1 {
            return .mergeByKeys(keys)
        }
        if let key = list["x-kubernetes-patch-merge-key"]?.stringValue {
            return .mergeByKey(key)
        }
        return .mergePrimitives
    }
}

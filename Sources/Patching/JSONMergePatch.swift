import KubernetesModel

/// RFC 7386 JSON merge patch (`application/merge-patch+json`): maps merge recursively,
/// `null` deletes a key, anything else (lists included) replaces.
public enum JSONMergePatch {
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchObject) = patch else { return patch }
        var result = target.objectValue ?? JSONObject()
        for (key, value) in patchObject {
            if value.isNull {
                result.removeValue(forKey: key)
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}

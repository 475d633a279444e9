import KubernetesModel
import Patching

/// Applies the body of a PATCH request as kube-apiserver does, with the shared `Patching`
/// module: JSON patch, JSON merge patch, and apimachinery's strategic merge patch over the
/// built-in patch strategies (custom resources refuse strategic merge before this point).
enum PatchRequest {
    static func strategic(_ patch: JSONValue, to object: JSONValue) throws(PatchError) -> JSONValue {
        let merge = StrategicMergePatch(.apiServer, strategies: .forObject(object))
        return try merge.apply(patch, to: object) ?? object
    }

    static func merge(_ patch: JSONValue, to object: JSONValue) -> JSONValue {
        JSONMergePatch.apply(patch, to: object)
    }

    static func json(_ patch: JSONValue, to object: JSONValue) throws(PatchError) -> JSONValue {
        try JSONPatch(patch).apply(to: object)
    }
}

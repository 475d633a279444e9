import KubernetesModel

/// A strategic merge patch applied to one object, with kustomize's semantics: built-in kinds
/// merge lists by their patch-merge keys (`containers` by name, ...), custom resources merge
/// like a JSON merge patch; `null` deletes a field, `$patch: delete|replace` are honoured.
///
/// Public so that other modules (Flux's `.flux.yaml` `patchUpdated` files) patch objects
/// exactly the way a kustomization's `patches` would.
public enum StrategicMergePatch {
    /// The object with `patch` merged in, or `nil` when the patch deletes the whole object
    /// (`$patch: delete`). The kind (and so the merge strategy) is the object's.
    public static func apply(_ patch: JSONValue, to object: JSONValue) -> JSONValue? {
        let gvk = GroupVersionKind(apiVersion: object.apiVersion ?? "", kind: object.kind ?? "")
        return StrategicMerge(builtin: PatchStrategy.isBuiltin(gvk), kind: gvk.kind).apply(patch: patch, to: object)
    }
}

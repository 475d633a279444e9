import KubernetesModel

/// A strategic merge patch: a JSON merge patch whose lists merge by the strategies of
/// `ListStrategies` (containers by name, …), with the `$patch` directive.
///
/// Two tools apply strategic merge patches, and they differ; both are here, each given its list
/// strategies (`ListStrategies.forObject`, kube-apiserver's table, or `.kubernetesSchema(for:)`,
/// kustomize's embedded schema, for kustomize's `patches`):
/// - `.apiServer` is apimachinery's `strategicpatch` (kube-apiserver's PATCH,
///   `kubectl patch`): `$patch: replace|delete|merge`, `$setElementOrder/<list>`,
///   `$retainKeys`, `$deleteFromPrimitiveList/<list>`; merged lists put the patch's items in
///   the patch's (or `$setElementOrder`'s) order, interleaved with the server's other items.
/// - `.kustomize` is kyaml's `merge2` (kustomize's `patches`): `$patch: replace|delete`;
///   other `$` directives are kept as plain fields, as kyaml does; merged lists put the
///   patch's items first, then the target's others.
public struct StrategicMergePatch: Sendable {
    public enum Semantics: Sendable {
        case apiServer
        case kustomize
    }

    public var semantics: Semantics
    public var strategies: ListStrategies
    /// Kustomize semantics: field-name paths (list levels omitted) of target nulls the walk
    /// drops when the patch leaves them alone (kyaml keeps a null only when written as text,
    /// `null` or `~`, not an empty `key:`).
    public var droppedNulls: Set<[String]> = []

    public init(_ semantics: Semantics, strategies: ListStrategies) {
        self.semantics = semantics
        self.strategies = strategies
    }

    /// The object with `patch` merged in, or `nil` when the patch deletes the whole object
    /// (`$patch: delete` at the top, kustomize semantics).
    public func apply(_ patch: JSONValue, to target: JSONValue) throws(PatchError) -> JSONValue? {
        switch semantics {
        case .kustomize:
            return KyamlMerge(strategies: strategies, droppedNulls: droppedNulls).apply(patch: patch, to: target)
        case .apiServer:
            return try APIServerMerge(strategies: strategies).apply(patch: patch, to: target)
        }
    }

    /// kustomize's strategic merge of `patch` into `object` with the object's own strategies
    /// (built-in table for built-in kinds; lists replaced for custom resources).
    public static func kustomize(_ patch: JSONValue, to object: JSONValue) -> JSONValue? {
        KyamlMerge(strategies: .forObject(object)).apply(patch: patch, to: object)
    }
}

/// The identity of an object in a cluster: group, kind, namespace (empty when cluster-scoped)
/// and name. Version is deliberately absent: the same object is served under every version.
public struct ObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var group: String
    public var kind: String
    public var namespace: String
    public var name: String

    public init(group: String, kind: String, namespace: String, name: String) {
        self.group = group
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    public var groupKind: GroupKind { GroupKind(group: group, kind: kind) }

    /// `namespace:kind/name` for namespaced objects (Flux's resource ID form),
    /// `<cluster>:kind/name` for cluster-scoped ones; the group is kept when not core.
    public var description: String {
        let scope = namespace.isEmpty ? "<cluster>" : namespace
        let kindText = group.isEmpty ? kind.lowercased() : "\(kind.lowercased()).\(group)"
        return "\(scope):\(kindText)/\(name)"
    }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.group, lhs.kind, lhs.namespace, lhs.name) < (rhs.group, rhs.kind, rhs.namespace, rhs.name)
    }
}

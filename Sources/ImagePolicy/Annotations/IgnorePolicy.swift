/// The `ignore` policy of any object, read from git or from the live object: whether fluxd
/// applies and prunes it. Only the exact values `true` and `sync_only` count, as in Flux v1.
public enum IgnorePolicy: Sendable, Hashable {
    /// Apply and prune normally.
    case none
    /// `ignore: "true"`: never apply, never prune.
    case ignore
    /// `ignore: "sync_only"`: apply, but never prune.
    case syncOnly

    /// The policy of an object with these `metadata.annotations` (either prefix).
    public init(annotations: [String: String]) {
        let value = PolicyAnnotation.existingKey(for: .ignore, in: annotations).flatMap { annotations[$0] }
        self.init(value: value)
    }

    /// The policy an annotation value sets.
    public init(value: String?) {
        switch value {
        case "true": self = .ignore
        case "sync_only": self = .syncOnly
        default: self = .none
        }
    }
}

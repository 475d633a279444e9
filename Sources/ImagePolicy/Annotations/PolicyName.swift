/// A Flux policy, as named in API requests and (behind a prefix) in annotations: `automated`,
/// `locked`, `locked_user`, `locked_msg`, `ignore`, `tag.<container>`.
public enum PolicyName: Sendable, Hashable, Comparable, CustomStringConvertible {
    case automated
    case locked
    case lockedUser
    case lockedMessage
    case ignore
    /// The tag pattern of one container.
    case tag(container: String)

    /// The policies with a fixed name (every one but `tag.<container>`).
    public static let fixed: [PolicyName] = [.automated, .locked, .lockedUser, .lockedMessage, .ignore]

    /// The request pseudo-policy that sets (or, with `glob:*`, removes) the tag pattern of every
    /// container at once.
    public static let tagAll = "tag_all"

    /// Parses a policy name; `nil` for anything else (`tag.` without a container included).
    public init?(_ name: String) {
        if let fixed = Self.fixed.first(where: { $0.name == name }) {
            self = fixed
        } else if name.hasPrefix("tag."), name.count > 4 {
            self = .tag(container: String(name.dropFirst(4)))
        } else {
            return nil
        }
    }

    /// The name as written (`locked_msg`, `tag.web`).
    public var name: String {
        switch self {
        case .automated: "automated"
        case .locked: "locked"
        case .lockedUser: "locked_user"
        case .lockedMessage: "locked_msg"
        case .ignore: "ignore"
        case .tag(let container): "tag." + container
        }
    }

    /// Policies that count only when their value is exactly `"true"` (Flux v1's `policy.Boolean`).
    public var isBoolean: Bool { self == .automated || self == .locked || self == .ignore }

    public var description: String { name }

    public static func < (lhs: PolicyName, rhs: PolicyName) -> Bool { lhs.name < rhs.name }
}

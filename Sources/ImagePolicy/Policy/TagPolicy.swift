import KubernetesModel

/// Which tags of an image a workload accepts: the value of a `fluxcd.io/tag.<container>`
/// annotation (Flux v1 compatible).
///
/// - `glob:<pattern>` (also the meaning of a value without prefix): `*` matches any run of
///   characters, nothing else is special; `glob:*` accepts every tag. A pattern holding a
///   character no tag can contain (tags are `[A-Za-z0-9_.-]`), such as `glob:[[`, could never
///   match and is refused.
/// - `semver:<range>`: tags that are versions inside the range, ordered by version.
/// - `regex:<re>` / `regexp:<re>`: tags in which the expression finds a match (unanchored,
///   as Go's `MatchString` in Flux v1; write `^…$` to match whole tags).
///
/// Glob and regex policies order candidates by image creation time, so they need registry
/// metadata; semver needs only the tag list (`requiresTimestamps`).
public enum TagPolicy: Sendable, Hashable, CustomStringConvertible {
    case glob(String)
    case semver(SemverRange)
    case regex(TagRegex)

    /// Accepts every tag: `glob:*`, the policy of an automated workload without a `tag.` annotation.
    public static let all = TagPolicy.glob("*")

    /// Parses an annotation value; throws for an invalid semver range or regular expression.
    public init(parsing value: String) throws(TagPolicyError) {
        if value.hasPrefix("semver:") {
            do {
                self = .semver(try SemverRange(parsing: String(value.dropFirst("semver:".count))))
            } catch {
                throw TagPolicyError(policy: value, reason: error.description)
            }
        } else if value.hasPrefix("regexp:") || value.hasPrefix("regex:") {
            let pattern = String(value.drop(while: { $0 != ":" }).dropFirst())
            self = .regex(try TagRegex(pattern, policy: value))
        } else {
            let pattern = value.hasPrefix("glob:") ? String(value.dropFirst("glob:".count)) : value
            try Self.checkGlob(pattern, policy: value)
            self = .glob(pattern)
        }
    }

    /// Refuses globs that can match no tag: empty ones, and ones holding a character that is
    /// neither `*` nor allowed in a tag.
    static func checkGlob(_ pattern: String, policy: String) throws(TagPolicyError) {
        guard !pattern.isEmpty else { throw TagPolicyError(policy: policy, reason: "an empty glob matches no tag") }
        let allowed = { (byte: UInt8) -> Bool in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
                UInt8(ascii: "*"):
                true
            default: false
            }
        }
        if let bad = pattern.unicodeScalars.first(where: { !$0.isASCII || !allowed(UInt8($0.value)) }) {
            throw TagPolicyError(
                policy: policy,
                reason: "glob holds \"\(bad)\", which no tag can contain (tags are letters, digits, '_', '.', '-'; only '*' is special)")
        }
    }

    /// The canonical prefixed form (`glob:*`, `semver:^1`, `regexp:^v`).
    public var description: String {
        switch self {
        case .glob(let pattern): return "glob:" + pattern
        case .semver(let range): return "semver:" + range.text
        case .regex(let regex): return "regexp:" + regex.pattern
        }
    }

    /// Whether ordering needs each tag's image creation time (glob and regex do, semver not).
    public var requiresTimestamps: Bool {
        if case .semver = self { return false }
        return true
    }

    /// Whether the policy accepts `tag`.
    public func matches(_ tag: String) -> Bool {
        switch self {
        case .glob(let pattern): return Glob.matches(pattern: pattern, tag)
        case .semver(let range): return SemanticVersion(tag: tag).map(range.contains) ?? false
        case .regex(let regex): return regex.matches(tag)
        }
    }
}

/// Why a policy annotation could not be used.
public struct TagPolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The annotation value.
    public var policy: String
    public var reason: String
    public var description: String { "invalid tag policy \"\(policy)\": \(reason)" }
}

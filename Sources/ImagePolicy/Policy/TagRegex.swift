/// A compiled `regex:` policy expression, compared by its source text.
public struct TagRegex: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written after the prefix.
    public let pattern: String
    private let box: RegexBox

    init(_ pattern: String, policy: String) throws(TagPolicyError) {
        self.pattern = pattern
        do {
            box = RegexBox(try Regex(pattern))
        } catch {
            throw TagPolicyError(policy: policy, reason: "invalid regular expression: \(error)")
        }
    }

    /// Whether the expression matches somewhere in `tag` (unanchored, like Go's `MatchString`).
    public func matches(_ tag: String) -> Bool {
        box.matches(tag)
    }

    public var description: String { pattern }

    public static func == (lhs: TagRegex, rhs: TagRegex) -> Bool { lhs.pattern == rhs.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }
}

/// Holds a compiled expression; `Regex<AnyRegexOutput>` is immutable once built, so sharing it
/// between tasks is safe even though the standard library does not mark it `Sendable`.
private final class RegexBox: @unchecked Sendable {
    private let regex: Regex<AnyRegexOutput>

    init(_ regex: Regex<AnyRegexOutput>) { self.regex = regex }

    func matches(_ tag: String) -> Bool {
        (try? regex.firstMatch(in: tag)) != nil
    }
}

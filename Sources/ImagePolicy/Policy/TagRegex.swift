/// A compiled `regex:` policy expression, compared by its source text.
///
/// The language is Go's (RE2), as in Flux v1: what Go refuses is refused with its reason.
/// Matching runs on a linear-time automaton (`RegexProgram`), so no expression, however
/// written (`^(a+)+$`), can make matching slow; expressions longer than `maxLength` or
/// compiling to more than `RegexProgram.maxInstructions` steps are refused.
public struct TagRegex: Sendable, Hashable, CustomStringConvertible {
    /// The longest expression accepted, in bytes.
    public static let maxLength = 1024

    /// The expression as written after the prefix.
    public let pattern: String
    private let program: RegexProgram

    init(_ pattern: String, policy: String) throws(TagPolicyError) {
        self.pattern = pattern
        guard pattern.utf8.count <= Self.maxLength else {
            throw TagPolicyError(policy: policy, reason: "regular expression longer than \(Self.maxLength) bytes")
        }
        do throws(RegexSyntaxError) {
            program = try RegexProgram(try RegexParser.parse(pattern))
        } catch {
            throw TagPolicyError(policy: policy, reason: "invalid regular expression: \(error)")
        }
    }

    /// Whether the expression matches somewhere in `tag` (unanchored, like Go's `MatchString`).
    public func matches(_ tag: String) -> Bool {
        program.matches(tag)
    }

    public var description: String { pattern }

    public static func == (lhs: TagRegex, rhs: TagRegex) -> Bool { lhs.pattern == rhs.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }
}

/// A node-semver style version range (`~1.2`, `^1`, `>=1.0 <2.0`, `1.x`, `1.2.*`,
/// `1.2.3 - 2.3`, alternatives joined with `||`).
///
/// The range is desugared into sets of primitive comparators exactly as node-semver does
/// (`^1.2.3` is `>=1.2.3 <2.0.0-0`). A pre-release version satisfies a set only when some
/// comparator of that set names a pre-release on the same `major.minor.patch`, so `^1.0`
/// never selects `1.5.0-rc.1` but `>=1.5.0-rc.0 <2` does.
public struct SemverRange: Sendable, Hashable, CustomStringConvertible {
    /// The range as written.
    public let text: String
    /// Alternatives (`||`); each is a conjunction of comparators.
    let alternatives: [[Comparator]]

    /// Parses `text`; throws when it is not a range.
    public init(parsing text: String) throws(SemverRangeError) {
        self.text = text
        var alternatives: [[Comparator]] = []
        for part in text.split(separator: "||", omittingEmptySubsequences: false) {
            alternatives.append(try Self.parseConjunction(part.trimmingSpaces, in: text))
        }
        self.alternatives = alternatives
    }

    /// Whether `version` is inside the range (with node-semver's pre-release rule).
    public func contains(_ version: SemanticVersion) -> Bool {
        alternatives.contains { comparators in
            guard comparators.allSatisfy({ $0.isSatisfied(by: version) }) else { return false }
            guard version.isPreRelease else { return true }
            return comparators.contains { $0.version.isPreRelease && $0.version.release == version.release }
        }
    }

    public var description: String { text }

    // MARK: parsing

    private static func parseConjunction(_ text: Substring, in whole: String) throws(SemverRangeError) -> [Comparator] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
        if words.isEmpty { return [Comparator(.greaterOrEqual, SemanticVersion(0, 0, 0))] }
        if words.count == 3, words[1] == "-" {
            let low = try Partial(parsing: words[0], in: whole)
            let high = try Partial(parsing: words[2], in: whole)
            return low.hyphenLowerBound + high.hyphenUpperBound
        }
        // Join operators written apart from their version (`>= 1.0`).
        var tokens: [String] = []
        var pending = ""
        for word in words {
            if Comparator.operatorPrefixes.contains(word) {
                pending += word
            } else {
                tokens.append(pending + word)
                pending = ""
            }
        }
        guard pending.isEmpty else { throw SemverRangeError(range: whole, reason: "operator \"\(pending)\" without a version") }
        var result: [Comparator] = []
        for token in tokens { result += try parseSimple(token, in: whole) }
        return result
    }

    private static func parseSimple(_ token: String, in whole: String) throws(SemverRangeError) -> [Comparator] {
        if token.hasPrefix("~>") { return try Partial(parsing: String(token.dropFirst(2)), in: whole).tilde }
        if token.hasPrefix("~") { return try Partial(parsing: String(token.dropFirst()), in: whole).tilde }
        if token.hasPrefix("^") { return try Partial(parsing: String(token.dropFirst()), in: whole).caret }
        for op in [">=", "<=", ">", "<", "="] where token.hasPrefix(op) {
            return try Partial(parsing: String(token.dropFirst(op.count)), in: whole).primitive(op)
        }
        return try Partial(parsing: token, in: whole).primitive("=")
    }
}

/// Why a `semver:` range could not be parsed.
public struct SemverRangeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var range: String
    public var reason: String
    public var description: String { "invalid semver range \"\(range)\": \(reason)" }
}

/// One primitive comparison such as `>=1.2.0` or `<2.0.0-0`.
struct Comparator: Sendable, Hashable {
    enum Operator: Sendable, Hashable { case less, lessOrEqual, greater, greaterOrEqual, equal }
    static let operatorPrefixes: Set<String> = [">", ">=", "<", "<=", "=", "~", "~>", "^"]

    var op: Operator
    var version: SemanticVersion

    init(_ op: Operator, _ version: SemanticVersion) {
        self.op = op
        self.version = version
    }

    func isSatisfied(by candidate: SemanticVersion) -> Bool {
        switch op {
        case .less: return candidate < version
        case .lessOrEqual: return candidate <= version
        case .greater: return candidate > version
        case .greaterOrEqual: return candidate >= version
        case .equal: return candidate == version
        }
    }

    /// Matches nothing: the desugaring of `<*` and `>*`.
    static let nothing = Comparator(.less, SemanticVersion(0, 0, 0, preRelease: [.numeric(0)]))
}

/// A possibly partial version in a range (`1`, `1.2`, `1.x`, `*`, `1.2.3-rc.1`).
struct Partial {
    var major: UInt64?
    var minor: UInt64?
    var patch: UInt64?
    var preRelease: [SemanticVersion.Identifier] = []

    init(parsing raw: String, in whole: String) throws(SemverRangeError) {
        var text = Substring(raw)
        if text.first == "=" { text = text.dropFirst() }
        if text.first == "v" || text.first == "V" { text = text.dropFirst() }
        if text.isEmpty { throw SemverRangeError(range: whole, reason: "missing version") }
        var core = text
        var suffix: Substring = ""
        if let index = text.firstIndex(where: { $0 == "-" || $0 == "+" }) {
            core = text[..<index]
            suffix = text[index...]
        }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { throw SemverRangeError(range: whole, reason: "invalid version \"\(raw)\"") }
        var numbers: [UInt64?] = []
        var wildcard = false
        for part in parts {
            if part == "x" || part == "X" || part == "*" {
                wildcard = true
                numbers.append(nil)
            } else if !wildcard, !part.isEmpty, part.allSatisfy(\.isASCIIDigit), let number = UInt64(part) {
                numbers.append(number)
            } else {
                throw SemverRangeError(range: whole, reason: "invalid version \"\(raw)\"")
            }
        }
        major = numbers[0]
        minor = numbers.count > 1 ? numbers[1] : nil
        patch = numbers.count > 2 ? numbers[2] : nil
        if !suffix.isEmpty {
            guard let major, let minor, let patch,
                let full = SemanticVersion(tag: "\(major).\(minor).\(patch)" + suffix)
            else { throw SemverRangeError(range: whole, reason: "invalid version \"\(raw)\"") }
            preRelease = full.preRelease
        }
    }

    private var floor: SemanticVersion { SemanticVersion(major ?? 0, minor ?? 0, patch ?? 0, preRelease: preRelease) }
    private static func below(_ major: UInt64, _ minor: UInt64, _ patch: UInt64) -> Comparator {
        Comparator(.less, SemanticVersion(major, minor, patch, preRelease: [.numeric(0)]))
    }
    private static let any = [Comparator(.greaterOrEqual, SemanticVersion(0, 0, 0))]

    /// The exclusive upper bound of the partial as an X-range (`1` → `<2.0.0-0`, `1.2` → `<1.3.0-0`).
    private var xRangeCeiling: Comparator? {
        guard let major else { return nil }
        guard let minor else { return Self.below(major + 1, 0, 0) }
        guard patch != nil else { return Self.below(major, minor + 1, 0) }
        return nil
    }

    func primitive(_ op: String) -> [Comparator] {
        guard let major else {
            return op == "<" || op == ">" ? [Comparator.nothing] : Self.any
        }
        let isFull = minor != nil && patch != nil
        switch op {
        case ">=": return [Comparator(.greaterOrEqual, floor)]
        case ">":
            if isFull { return [Comparator(.greater, floor)] }
            if let minor { return [Comparator(.greaterOrEqual, SemanticVersion(major, minor + 1, 0))] }
            return [Comparator(.greaterOrEqual, SemanticVersion(major + 1, 0, 0))]
        case "<":
            return isFull ? [Comparator(.less, floor)] : [Self.below(major, minor ?? 0, 0)]
        case "<=":
            if isFull { return [Comparator(.lessOrEqual, floor)] }
            return xRangeCeiling.map { [$0] } ?? []
        default:
            if isFull { return [Comparator(.equal, floor)] }
            return [Comparator(.greaterOrEqual, floor)] + (xRangeCeiling.map { [$0] } ?? [])
        }
    }

    var tilde: [Comparator] {
        guard let major else { return Self.any }
        let ceiling = minor.map { Self.below(major, $0 + 1, 0) } ?? Self.below(major + 1, 0, 0)
        return [Comparator(.greaterOrEqual, floor), ceiling]
    }

    var caret: [Comparator] {
        guard let major else { return Self.any }
        let ceiling: Comparator
        if major != 0 || minor == nil {
            ceiling = Self.below(major + 1, 0, 0)
        } else if let minor, minor != 0 || patch == nil {
            ceiling = Self.below(0, minor + 1, 0)
        } else {
            ceiling = Self.below(0, 0, (patch ?? 0) + 1)
        }
        return [Comparator(.greaterOrEqual, floor), ceiling]
    }

    var hyphenLowerBound: [Comparator] {
        major == nil ? [] : [Comparator(.greaterOrEqual, floor)]
    }

    var hyphenUpperBound: [Comparator] {
        guard major != nil else { return [] }
        if minor != nil, patch != nil { return [Comparator(.lessOrEqual, floor)] }
        return xRangeCeiling.map { [$0] } ?? []
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}

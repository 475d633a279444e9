/// The parsed form of a `regex:` / `regexp:` tag policy: Go's `regexp/syntax` (RE2), the
/// language Flux v1 compiled tag policies with. Everything Go accepts for matching is here;
/// what Go refuses (backreferences, lookaround, possessive or doubled repetition, `*` with
/// nothing before it, repeat counts over 1000) is refused with Go's reason.
indirect enum RegexNode: Sendable {
    case empty
    /// Scalars any of which matches (one, or its case variants under `(?i)`).
    case literal([UInt32])
    case anyCharacter(matchesNewline: Bool)
    case characterClass(RegexClass)
    case assertion(RegexAssertion)
    case concatenation([RegexNode])
    case alternation([RegexNode])
    /// `min` to `max` (`nil`: unbounded) times; greediness does not change whether a tag matches.
    case repetition(RegexNode, min: Int, max: Int?)
}

/// Zero-width conditions.
enum RegexAssertion: Sendable {
    case beginText, endText, beginLine, endLine, wordBoundary, notWordBoundary
}

/// A set of scalars: ranges, Unicode general categories, possibly negated.
struct RegexClass: Sendable {
    var ranges: [ClosedRange<UInt32>] = []
    /// `\p{…}` items: (categories, negated).
    var properties: [(Set<Unicode.GeneralCategory>, Bool)] = []
    var negated = false

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        var found = ranges.contains { $0.contains(value) }
        if !found {
            let category = scalar.properties.generalCategory
            found = properties.contains { set, negated in set.contains(category) != negated }
        }
        return found != negated
    }

    mutating func add(_ other: RegexClass) {
        if other.negated {
            // A negated Perl class inside brackets (`[\D]`): its complement as ranges.
            var start: UInt32 = 0
            for range in other.ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                if range.lowerBound > start { ranges.append(start...(range.lowerBound - 1)) }
                start = max(start, range.upperBound + 1)
            }
            if start <= 0x10FFFF { ranges.append(start...0x10FFFF) }
            properties += other.properties.map { ($0.0, !$0.1) }
        } else {
            ranges += other.ranges
            properties += other.properties
        }
    }

    /// Adds the other-case variants of every ASCII letter in the class (`(?i)`).
    mutating func foldASCIICase() {
        var extra: [ClosedRange<UInt32>] = []
        for range in ranges {
            for (from, to) in [(UInt32(65), UInt32(90)), (UInt32(97), UInt32(122))] {
                let low = max(range.lowerBound, from)
                let high = min(range.upperBound, to)
                guard low <= high else { continue }
                let shift: Int64 = from == 65 ? 32 : -32
                extra.append(UInt32(Int64(low) + shift)...UInt32(Int64(high) + shift))
            }
        }
        ranges += extra
    }
}

/// Why a regular expression was refused (Go's wording where Go has one).
struct RegexSyntaxError: Error, Sendable, CustomStringConvertible {
    var message: String
    var description: String { message }
}

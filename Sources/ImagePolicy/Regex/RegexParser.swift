/// Parses Go (RE2) regular expression syntax into a `RegexNode`.
struct RegexParser {
    struct Flags {
        var caseInsensitive = false
        var multiLine = false
        var dotMatchesNewline = false
    }

    static let maxRepeat = 1000

    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ pattern: String) {
        scalars = Array(pattern.unicodeScalars)
    }

    static func parse(_ pattern: String) throws(RegexSyntaxError) -> RegexNode {
        var parser = RegexParser(pattern)
        var flags = Flags()
        let node = try parser.parseAlternation(flags: &flags, depth: 0)
        if parser.position < parser.scalars.count {
            throw RegexSyntaxError(message: "unexpected ): `\(pattern)`")
        }
        return node
    }

    private var atEnd: Bool { position >= scalars.count }
    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private mutating func parseAlternation(flags: inout Flags, depth: Int) throws(RegexSyntaxError) -> RegexNode {
        guard depth < 1000 else { throw RegexSyntaxError(message: "expression nests too deeply") }
        var branches = [try parseConcatenation(flags: &flags, depth: depth)]
        while peek() == "|" {
            position += 1
            branches.append(try parseConcatenation(flags: &flags, depth: depth))
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcatenation(flags: inout Flags, depth: Int) throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let next = peek(), next != "|", next != ")" {
            if next == "(" && peek(1) == "?" && isFlagGroup() {
                // `(?i)` changes the flags of the rest of the enclosing group.
                try parseFlags(into: &flags)
                continue
            }
            let atom = try parseAtom(flags: &flags, depth: depth)
            items.append(try parseRepetitions(of: atom))
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concatenation(items)
        }
    }

    /// Whether `(?` starts a flags-only group such as `(?i)` (not `(?i:…)`, `(?:…)`, `(?P<…>`).
    private func isFlagGroup() -> Bool {
        var index = position + 2
        while index < scalars.count, "imsU-".unicodeScalars.contains(scalars[index]) { index += 1 }
        return index > position + 2 && index < scalars.count && scalars[index] == ")"
    }

    private mutating func parseFlags(into flags: inout Flags) throws(RegexSyntaxError) {
        position += 2
        var negate = false
        while let scalar = peek(), scalar != ")" && scalar != ":" {
            switch scalar {
            case "-":
                guard !negate else { throw RegexSyntaxError(message: "invalid or unsupported Perl syntax: `(?-`") }
                negate = true
            case "i": flags.caseInsensitive = !negate
            case "m": flags.multiLine = !negate
            case "s": flags.dotMatchesNewline = !negate
            case "U": break
            default: throw RegexSyntaxError(message: "invalid or unsupported Perl syntax: `(?\(scalar)`")
            }
            position += 1
        }
        guard peek() == ")" || peek() == ":" else { throw RegexSyntaxError(message: "missing closing )") }
        if peek() == ")" { position += 1 }
    }

    private mutating func parseAtom(flags: inout Flags, depth: Int) throws(RegexSyntaxError) -> RegexNode {
        guard let scalar = peek() else { throw RegexSyntaxError(message: "missing argument") }
        switch scalar {
        case "(":
            return try parseGroup(flags: flags, depth: depth)
        case "[":
            position += 1
            var item = try parseClass(flags: flags)
            if flags.caseInsensitive { item.foldASCIICase() }
            return .characterClass(item)
        case ".":
            position += 1
            return .anyCharacter(matchesNewline: flags.dotMatchesNewline)
        case "^":
            position += 1
            return .assertion(flags.multiLine ? .beginLine : .beginText)
        case "$":
            position += 1
            return .assertion(flags.multiLine ? .endLine : .endText)
        case "*", "+", "?":
            throw RegexSyntaxError(message: "missing argument to repetition operator: `\(scalar)`")
        case "{":
            if let (_, _, length) = repeatSpec(at: position) {
                let text = String(String.UnicodeScalarView(scalars[position..<(position + length)]))
                throw RegexSyntaxError(message: "missing argument to repetition operator: `\(text)`")
            }
            position += 1
            return literal(scalar, flags: flags)
        case "\\":
            return try parseEscape(flags: flags)
        default:
            position += 1
            return literal(scalar, flags: flags)
        }
    }

    private mutating func parseGroup(flags outer: Flags, depth: Int) throws(RegexSyntaxError) -> RegexNode {
        position += 1
        var flags = outer
        if peek() == "?" {
            let rest = String(String.UnicodeScalarView(scalars[position...].prefix(4)))
            if rest.hasPrefix("?P<") || (rest.hasPrefix("?<") && !rest.hasPrefix("?<=") && !rest.hasPrefix("?<!")) {
                position += rest.hasPrefix("?P<") ? 3 : 2
                let start = position
                while let scalar = peek(), scalar != ">" {
                    guard scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_" else {
                        throw RegexSyntaxError(message: "invalid named capture")
                    }
                    position += 1
                }
                guard peek() == ">", position > start else { throw RegexSyntaxError(message: "invalid named capture") }
                position += 1
            } else if rest.hasPrefix("?:") {
                position += 2
            } else if let next = peek(1), "imsU-".unicodeScalars.contains(next) {
                // `(?i:…)`: flags for this group only.
                position -= 1
                try parseFlags(into: &flags)
                guard peek() == ":" else { throw RegexSyntaxError(message: "missing closing )") }
                position += 1
            } else {
                throw RegexSyntaxError(message: "invalid or unsupported Perl syntax: `(\(rest.prefix(2))`")
            }
        }
        let inner = try parseAlternation(flags: &flags, depth: depth + 1)
        guard peek() == ")" else { throw RegexSyntaxError(message: "missing closing ): `(`") }
        position += 1
        return inner
    }

    private mutating func parseRepetitions(of atom: RegexNode) throws(RegexSyntaxError) -> RegexNode {
        var node = atom
        var repeated = false
        while let scalar = peek() {
            var bounds: (Int, Int?)
            var length = 1
            switch scalar {
            case "*": bounds = (0, nil)
            case "+": bounds = (1, nil)
            case "?": bounds = (0, 1)
            case "{":
                guard let (low, high, specLength) = repeatSpec(at: position) else { return node }
                guard low <= Self.maxRepeat, (high ?? low) <= Self.maxRepeat, high.map({ $0 >= low }) ?? true else {
                    throw RegexSyntaxError(message: "invalid repeat count")
                }
                bounds = (low, high)
                length = specLength
            default:
                return node
            }
            guard !repeated else {
                throw RegexSyntaxError(message: "invalid nested repetition operator: `\(scalar)`")
            }
            position += length
            if peek() == "?" { position += 1 }  // lazy: the same set of matching tags
            node = .repetition(node, min: bounds.0, max: bounds.1)
            repeated = true
        }
        return node
    }

    /// `{n}`, `{n,}`, `{n,m}` at `index`: the bounds and the spec's length; `nil` when the
    /// brace is a literal, as in Go.
    private func repeatSpec(at index: Int) -> (Int, Int?, Int)? {
        var cursor = index + 1
        func number() -> Int? {
            let start = cursor
            var value = 0
            while cursor < scalars.count, ("0"..."9").contains(scalars[cursor]) {
                value = min(value * 10 + Int(scalars[cursor].value - 48), 100_000)
                cursor += 1
            }
            return cursor > start ? value : nil
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if cursor < scalars.count, scalars[cursor] == "," {
            cursor += 1
            high = number()
        }
        guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
        return (low, high, cursor + 1 - index)
    }

    private func literal(_ scalar: Unicode.Scalar, flags: Flags) -> RegexNode {
        guard flags.caseInsensitive else { return .literal([scalar.value]) }
        var variants = Set([scalar.value])
        for text in [String(scalar).lowercased(), String(scalar).uppercased()] {
            if let only = text.unicodeScalars.first, text.unicodeScalars.count == 1 { variants.insert(only.value) }
        }
        return .literal(variants.sorted())
    }

    // MARK: escapes

    private mutating func parseEscape(flags: Flags) throws(RegexSyntaxError) -> RegexNode {
        position += 1
        guard let scalar = peek() else { throw RegexSyntaxError(message: "trailing backslash at end of expression") }
        switch scalar {
        case "A":
            position += 1
            return .assertion(.beginText)
        case "z":
            position += 1
            return .assertion(.endText)
        case "b":
            position += 1
            return .assertion(.wordBoundary)
        case "B":
            position += 1
            return .assertion(.notWordBoundary)
        case "Q":
            position += 1
            var items: [RegexNode] = []
            while let next = peek() {
                if next == "\\" && peek(1) == "E" {
                    position += 2
                    break
                }
                items.append(literal(next, flags: flags))
                position += 1
            }
            return items.isEmpty ? .empty : .concatenation(items)
        default:
            if var item = try classEscape() {
                if flags.caseInsensitive { item.foldASCIICase() }
                return .characterClass(item)
            }
            return literal(try characterEscape(), flags: flags)
        }
    }

    /// `\d \D \s \S \w \W \pL \p{Lu} \PL` at the scalar after the backslash, or `nil`.
    private mutating func classEscape() throws(RegexSyntaxError) -> RegexClass? {
        guard let scalar = peek() else { return nil }
        let perl: [Unicode.Scalar: [ClosedRange<UInt32>]] = [
            "d": [48...57], "s": [9...10, 12...13, 32...32], "w": [48...57, 65...90, 95...95, 97...122],
        ]
        let lower = Unicode.Scalar(String(scalar).lowercased()) ?? scalar
        if let ranges = perl[lower], "dswDSW".unicodeScalars.contains(scalar) {
            position += 1
            return RegexClass(ranges: ranges, negated: scalar != lower)
        }
        guard scalar == "p" || scalar == "P" else { return nil }
        position += 1
        var name = ""
        if peek() == "{" {
            position += 1
            while let next = peek(), next != "}" {
                name.unicodeScalars.append(next)
                position += 1
            }
            guard peek() == "}" else { throw RegexSyntaxError(message: "invalid character class range: `\\\(scalar){`") }
            position += 1
        } else if let next = peek() {
            name = String(next)
            position += 1
        }
        var negated = scalar == "P"
        if name.hasPrefix("^") {
            negated.toggle()
            name.removeFirst()
        }
        guard let categories = Self.generalCategories[name] else {
            throw RegexSyntaxError(message: "invalid character class range: `\\\(scalar){\(name)}` (general categories only)")
        }
        return RegexClass(properties: [(categories, negated)])
    }

    /// The scalar a character escape stands for (`\n`, `\x41`, `\101`, `\.`).
    private mutating func characterEscape() throws(RegexSyntaxError) -> Unicode.Scalar {
        guard let scalar = peek() else { throw RegexSyntaxError(message: "trailing backslash at end of expression") }
        position += 1
        switch scalar {
        case "a": return "\u{07}"
        case "f": return "\u{0C}"
        case "t": return "\t"
        case "n": return "\n"
        case "r": return "\r"
        case "v": return "\u{0B}"
        case "0"..."7":
            // Octal; a lone non-zero digit would be a backreference, which RE2 does not have.
            guard scalar == "0" || peek().map({ ("0"..."7").contains($0) }) == true else {
                throw RegexSyntaxError(message: "invalid escape sequence: `\\\(scalar)`")
            }
            var value = scalar.value - 48
            var digits = 1
            while digits < 3, let next = peek(), ("0"..."7").contains(next) {
                value = value * 8 + next.value - 48
                position += 1
                digits += 1
            }
            return Unicode.Scalar(value) ?? "\0"
        case "x":
            var hex = ""
            if peek() == "{" {
                position += 1
                while let next = peek(), next != "}" {
                    hex.unicodeScalars.append(next)
                    position += 1
                }
                guard peek() == "}" else { throw RegexSyntaxError(message: "invalid escape sequence: `\\x{`") }
                position += 1
            } else {
                for _ in 0..<2 {
                    guard let next = peek() else { break }
                    hex.unicodeScalars.append(next)
                    position += 1
                }
            }
            guard let value = UInt32(hex, radix: 16), let result = Unicode.Scalar(value), !hex.isEmpty else {
                throw RegexSyntaxError(message: "invalid escape sequence: `\\x\(hex)`")
            }
            return result
        default:
            // Punctuation escapes itself; escaped letters and digits not listed are errors.
            guard scalar.isASCII, !scalar.properties.isAlphabetic, !("0"..."9").contains(scalar) else {
                throw RegexSyntaxError(message: "invalid escape sequence: `\\\(scalar)`")
            }
            return scalar
        }
    }

    // MARK: bracket classes

    private mutating func parseClass(flags: Flags) throws(RegexSyntaxError) -> RegexClass {
        var result = RegexClass()
        if peek() == "^" {
            result.negated = true
            position += 1
        }
        var first = true
        while true {
            guard let scalar = peek() else { throw RegexSyntaxError(message: "missing closing ]") }
            if scalar == "]" && !first {
                position += 1
                return result
            }
            first = false
            if scalar == "[" && peek(1) == ":" {
                if let posix = try posixClass() {
                    result.add(posix)
                    continue
                }
            }
            if scalar == "\\" {
                position += 1
                if let item = try classEscape() {
                    result.add(item)
                    continue
                }
                let low = try characterEscape()
                try addRange(from: low, to: &result)
                continue
            }
            position += 1
            try addRange(from: scalar, to: &result)
        }
    }

    /// `low`, or `low-high` when a range follows.
    private mutating func addRange(from low: Unicode.Scalar, to result: inout RegexClass) throws(RegexSyntaxError) {
        guard peek() == "-", let after = peek(1), after != "]" else {
            result.ranges.append(low.value...low.value)
            return
        }
        position += 1
        var high = after
        if after == "\\" {
            position += 1
            high = try characterEscape()
        } else {
            position += 1
        }
        guard low.value <= high.value else {
            throw RegexSyntaxError(message: "invalid character class range: `\(low)-\(high)`")
        }
        result.ranges.append(low.value...high.value)
    }

    /// `[:alpha:]` or `[:^alpha:]` (ASCII, as in Go); `nil` when the text is no POSIX class.
    private mutating func posixClass() throws(RegexSyntaxError) -> RegexClass? {
        var index = position + 2
        var name = ""
        while index < scalars.count, scalars[index] != ":" {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard index + 1 < scalars.count, scalars[index + 1] == "]" else { return nil }
        var negated = false
        if name.hasPrefix("^") {
            negated = true
            name.removeFirst()
        }
        guard let ranges = Self.posixClasses[name] else {
            throw RegexSyntaxError(message: "invalid character class range: `[:\(name):]`")
        }
        position = index + 2
        return RegexClass(ranges: ranges, negated: negated)
    }

    static let posixClasses: [String: [ClosedRange<UInt32>]] = [
        "alnum": [48...57, 65...90, 97...122], "alpha": [65...90, 97...122], "ascii": [0...127],
        "blank": [9...9, 32...32], "cntrl": [0...31, 127...127], "digit": [48...57], "graph": [33...126],
        "lower": [97...122], "print": [32...126], "punct": [33...47, 58...64, 91...96, 123...126],
        "space": [9...13, 32...32], "upper": [65...90], "word": [48...57, 65...90, 95...95, 97...122],
        "xdigit": [48...57, 65...70, 97...102],
    ]

    static let generalCategories: [String: Set<Unicode.GeneralCategory>] = {
        let groups: [String: [Unicode.GeneralCategory]] = [
            "Lu": [.uppercaseLetter], "Ll": [.lowercaseLetter], "Lt": [.titlecaseLetter], "Lm": [.modifierLetter],
            "Lo": [.otherLetter], "Mn": [.nonspacingMark], "Mc": [.spacingMark], "Me": [.enclosingMark],
            "Nd": [.decimalNumber], "Nl": [.letterNumber], "No": [.otherNumber], "Pc": [.connectorPunctuation],
            "Pd": [.dashPunctuation], "Ps": [.openPunctuation], "Pe": [.closePunctuation],
            "Pi": [.initialPunctuation], "Pf": [.finalPunctuation], "Po": [.otherPunctuation], "Sm": [.mathSymbol],
            "Sc": [.currencySymbol], "Sk": [.modifierSymbol], "So": [.otherSymbol], "Zs": [.spaceSeparator],
            "Zl": [.lineSeparator], "Zp": [.paragraphSeparator], "Cc": [.control], "Cf": [.format],
            "Cs": [.surrogate], "Co": [.privateUse],
        ]
        var result = groups.mapValues { Set($0) }
        for letter in ["L", "M", "N", "P", "S", "Z", "C"] {
            result[letter] = Set(groups.filter { $0.key.hasPrefix(letter) }.values.flatMap { $0 })
        }
        result["C"]?.insert(.unassigned)
        return result
    }()
}

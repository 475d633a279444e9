/// libyaml's `yaml_emitter_analyze_scalar` as in go-yaml v2: which styles may print a string.
struct ScalarAnalysis {
    var multiline = false
    var blockPlainAllowed = true
    var singleQuotedAllowed = true
    var blockAllowed = true

    init(_ text: String) {
        let s = Array(text.unicodeScalars)
        if s.isEmpty {
            blockPlainAllowed = true
            singleQuotedAllowed = true
            blockAllowed = false
            return
        }
        var blockIndicators = false
        var leadingSpace = false
        var leadingBreak = false
        var trailingSpace = false
        var trailingBreak = false
        var breakSpace = false
        var spaceBreak = false
        var previousSpace = false
        var previousBreak = false
        var lineBreaks = false
        var specialCharacters = false
        if s.count >= 3 && ((s[0] == "-" && s[1] == "-" && s[2] == "-") || (s[0] == "." && s[1] == "." && s[2] == ".")) {
            blockIndicators = true
        }
        var precededByWhitespace = true
        for i in 0..<s.count {
            let c = s[i]
            let followedByWhitespace = i + 1 >= s.count || Self.isBlank(s[i + 1])
            if i == 0 {
                switch c {
                case "#", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`":
                    blockIndicators = true
                case "?", ":":
                    if followedByWhitespace { blockIndicators = true }
                case "-":
                    if followedByWhitespace { blockIndicators = true }
                default: break
                }
            } else {
                switch c {
                case ":":
                    if followedByWhitespace { blockIndicators = true }
                case "#":
                    if precededByWhitespace { blockIndicators = true }
                default: break
                }
            }
            if !Self.isPrintable(c) || c.value == 0xFEFF {
                specialCharacters = true
            }
            if Self.isBreak(c) { lineBreaks = true }
            if c == " " {
                if i == 0 { leadingSpace = true }
                if i == s.count - 1 { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if Self.isBreak(c) {
                if i == 0 { leadingBreak = true }
                if i == s.count - 1 { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousBreak = true
                previousSpace = false
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = Self.isBlank(c) || Self.isBreak(c)
        }
        multiline = lineBreaks
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak { blockPlainAllowed = false }
        if trailingSpace { blockAllowed = false }
        if breakSpace {
            blockPlainAllowed = false
            singleQuotedAllowed = false
        }
        if spaceBreak || specialCharacters {
            blockPlainAllowed = false
            singleQuotedAllowed = false
            blockAllowed = false
        }
        if lineBreaks { blockPlainAllowed = false }
        if blockIndicators { blockPlainAllowed = false }
    }

    static func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || isBreak(c) }
    static func isBreak(_ c: Unicode.Scalar) -> Bool {
        c == "\n" || c == "\r" || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029
    }

    /// libyaml's `is_printable` (which rejects everything outside the BMP).
    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v == 0x0A { return true }
        if v >= 0x20 && v <= 0x7E { return true }
        if v >= 0xA0 && v <= 0xD7FF { return true }
        if v >= 0xE000 && v <= 0xFFFD && v != 0xFEFF { return true }
        return false
    }
}

/// go-yaml v2's `resolve`: whether a plain scalar would read back as something other than
/// a string (and so must be quoted).
enum GoYAMLResolver {
    static let special: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF",
        "true", "True", "TRUE", "false", "False", "FALSE", "~", "null", "Null", "NULL", "",
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
    ]

    static func resolvesToNonString(_ text: String) -> Bool {
        if special.contains(text) { return true }
        guard let first = text.unicodeScalars.first else { return true }
        let hint = (first >= "0" && first <= "9") || first == "-" || first == "+" || first == "."
        guard hint else { return false }
        if GoNumbers.looksLikeTimestamp(text) { return true }
        let plain = text.replacingOccurrences(of: "_", with: "")
        if GoNumbers.parseInt(plain) != nil { return true }
        if !plain.hasPrefix("-") && !plain.hasPrefix("+") && UInt64(plain) != nil { return true }
        if GoNumbers.isYAMLFloat(plain) { return true }
        return false
    }
}

/// go-yaml v2's `keyList.Less`: letters sort after other characters, runs of digits
/// compare as numbers.
enum GoYAMLKeyOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        let ar = Array(a.unicodeScalars)
        let br = Array(b.unicodeScalars)
        var i = 0
        while i < ar.count && i < br.count {
            if ar[i] == br[i] {
                i += 1
                continue
            }
            let al = ar[i].properties.isAlphabetic && isLetter(ar[i])
            let bl = br[i].properties.isAlphabetic && isLetter(br[i])
            if al && bl { return ar[i].value < br[i].value }
            if al || bl { return bl }
            var an: Int64 = 0
            var bn: Int64 = 0
            if ar[i] == "0" || br[i] == "0" {
                var j = i - 1
                while j >= 0 && isDigit(ar[j]) {
                    if ar[j] != "0" {
                        an = 1
                        bn = 1
                        break
                    }
                    j -= 1
                }
            }
            var ai = i
            while ai < ar.count && isDigit(ar[ai]) {
                an = an &* 10 &+ Int64(ar[ai].value - 48)
                ai += 1
            }
            var bi = i
            while bi < br.count && isDigit(br[bi]) {
                bn = bn &* 10 &+ Int64(br[bi].value - 48)
                bi += 1
            }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return ar[i].value < br[i].value
        }
        return ar.count < br.count
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
        return c.properties.generalCategory.isLetter
    }
}

extension Unicode.GeneralCategory {
    var isLetter: Bool {
        switch self {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }
}

/// Number and timestamp recognition as Go's strconv and go-yaml do it; used both to read
/// scalars and to decide which strings must be quoted on output.
enum GoNumbers {
    /// `strconv.ParseInt(s, 0, 64)` (then `ParseUint`): decimal, `0x`, `0o`, `0b`, and
    /// legacy octal with a leading zero.
    static func parseInt(_ text: String) -> Int64? {
        var s = Substring(text)
        var negative = false
        if s.first == "+" || s.first == "-" {
            negative = s.first == "-"
            s = s.dropFirst()
        }
        guard !s.isEmpty else { return nil }
        var radix = 10
        let lower = s.lowercased()
        if lower.hasPrefix("0x") {
            radix = 16
            s = s.dropFirst(2)
        } else if lower.hasPrefix("0o") {
            radix = 8
            s = s.dropFirst(2)
        } else if lower.hasPrefix("0b") {
            radix = 2
            s = s.dropFirst(2)
        } else if s.count > 1 && s.first == "0" {
            radix = 8
            s = s.dropFirst()
        }
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        if let magnitude = UInt64(s, radix: radix) {
            if negative {
                if magnitude <= UInt64(Int64.max) + 1 { return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude) }
                return nil
            }
            if magnitude <= UInt64(Int64.max) { return Int64(magnitude) }
        }
        return nil
    }

    /// Whether `ParseUint` would accept it (numbers beyond Int64).
    static func parseUInt(_ text: String) -> UInt64? {
        UInt64(text)
    }

    /// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isYAMLFloat(_ text: String) -> Bool {
        let b = Array(text.utf8)
        var i = 0
        func digit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        if i < b.count && (b[i] == 43 || b[i] == 45) { i += 1 }
        if i < b.count && b[i] == 46 {
            i += 1
            let start = i
            while i < b.count && digit(b[i]) { i += 1 }
            if i == start { return false }
        } else {
            let start = i
            while i < b.count && digit(b[i]) { i += 1 }
            if i == start { return false }
            if i < b.count && b[i] == 46 {
                i += 1
                while i < b.count && digit(b[i]) { i += 1 }
            }
        }
        if i < b.count && (b[i] == 101 || b[i] == 69) {
            i += 1
            if i < b.count && (b[i] == 43 || b[i] == 45) { i += 1 }
            let start = i
            while i < b.count && digit(b[i]) { i += 1 }
            if i == start { return false }
        }
        return i == b.count
    }

    /// go-yaml's timestamp formats: `2006-1-2`, optionally followed by a time.
    static func looksLikeTimestamp(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func digit(_ i: Int) -> Bool { i < b.count && b[i] >= 48 && b[i] <= 57 }
        guard b.count >= 8, digit(0), digit(1), digit(2), digit(3), b[4] == 45 else { return false }
        var i = 5
        let monthStart = i
        while digit(i) { i += 1 }
        guard i - monthStart >= 1 && i - monthStart <= 2, i < b.count, b[i] == 45 else { return false }
        i += 1
        let dayStart = i
        while digit(i) { i += 1 }
        guard i - dayStart >= 1 && i - dayStart <= 2 else { return false }
        if i == b.count { return true }
        // A time part: T, t or space, then h:m:s.
        guard b[i] == 84 || b[i] == 116 || b[i] == 32 else { return false }
        i += 1
        let rest = String(decoding: b[i...], as: UTF8.self)
        let parts = rest.split(separator: ":", maxSplits: 2)
        guard parts.count == 3, parts[0].count <= 2, parts[0].allSatisfy(\.isNumber), parts[1].count <= 2,
            parts[1].allSatisfy(\.isNumber)
        else { return false }
        return parts[2].first?.isNumber ?? false
    }

    /// go-yaml v2's base-60 float check: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
    static func isBase60Float(_ text: String) -> Bool {
        let b = Array(text.utf8)
        var i = 0
        func digit(_ i: Int) -> Bool { i < b.count && b[i] >= 48 && b[i] <= 57 }
        if i < b.count && (b[i] == 43 || b[i] == 45) { i += 1 }
        guard digit(i) else { return false }
        i += 1
        while digit(i) || (i < b.count && b[i] == 95) { i += 1 }
        var groups = 0
        while i < b.count && b[i] == 58 {
            i += 1
            if digit(i) && digit(i + 1) {
                guard b[i] <= 53 else { return false }
                i += 2
            } else if digit(i) {
                i += 1
            } else {
                return false
            }
            groups += 1
        }
        guard groups > 0 else { return false }
        if i < b.count && b[i] == 46 {
            i += 1
            while digit(i) || (i < b.count && b[i] == 95) { i += 1 }
        }
        return i == b.count
    }

    /// Go's `strconv.FormatFloat(f, 'g', -1, 64)` as go-yaml v2 prints floats (integral
    /// values arrive as integers because the JSON round trip turns them into ints).
    static func formatFloat(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        if value == value.rounded(), abs(value) < 1e21 {
            if value == 0 { return "0" }
            if abs(value) < 9.2e18 { return String(Int64(value)) }
        }
        // Shortest round-trip digits (Swift's description), laid out as Go's 'g' format does:
        // exponent form when the exponent is below -4 or at least 6 (integral values came
        // through JSON as integers and were printed above).
        let (negative, digits, pointPosition) = decimalDigits(value)
        let exponent = pointPosition - 1
        var result = negative ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            result += String(digits.first ?? "0")
            if digits.count > 1 { result += "." + digits.dropFirst() }
            let magnitude = abs(exponent)
            result += (exponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + String(magnitude)
            return result
        }
        if pointPosition <= 0 {
            return result + "0." + String(repeating: "0", count: -pointPosition) + digits
        }
        if pointPosition >= digits.count {
            return result + digits + String(repeating: "0", count: pointPosition - digits.count)
        }
        let index = digits.index(digits.startIndex, offsetBy: pointPosition)
        return result + digits[..<index] + "." + digits[index...]
    }

    /// The shortest decimal digits of a finite double and where the decimal point goes.
    static func decimalDigits(_ value: Double) -> (negative: Bool, digits: String, pointPosition: Int) {
        var text = "\(abs(value))"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        var integerPart = text
        var fraction = ""
        if let dot = text.firstIndex(of: ".") {
            integerPart = String(text[..<dot])
            fraction = String(text[text.index(after: dot)...])
        }
        var digits = integerPart + fraction
        var point = integerPart.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (value < 0, digits, point)
    }

    /// How a YAML timestamp reads back after kustomize's round trip through Go's
    /// `time.Time` JSON encoding (RFC 3339): a bare date gains midnight UTC.
    static func timestampJSON(_ text: String) -> String {
        let parts = text.split(separator: "-", maxSplits: 2)
        if !text.contains(":"), parts.count == 3 {
            let month = parts[1].count == 1 ? "0" + parts[1] : String(parts[1])
            let day = parts[2].count == 1 ? "0" + parts[2] : String(parts[2])
            return "\(parts[0])-\(month)-\(day)T00:00:00Z"
        }
        return text
    }
}

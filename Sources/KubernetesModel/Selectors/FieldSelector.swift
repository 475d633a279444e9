/// A parsed field selector (`metadata.name=foo,status.phase!=Running`), as in
/// `?fieldSelector=`. Fields are dotted paths into the object.
public struct FieldSelector: Sendable, Hashable, CustomStringConvertible {
    public struct Requirement: Sendable, Hashable {
        public var field: String
        public var value: String
        public var negated: Bool

        public init(field: String, value: String, negated: Bool) {
            self.field = field
            self.value = value
            self.negated = negated
        }
    }

    public var requirements: [Requirement]

    public static let everything = FieldSelector(requirements: [])

    public init(requirements: [Requirement]) { self.requirements = requirements }

    public var isEverything: Bool { requirements.isEmpty }

    public var description: String {
        requirements.map { "\($0.field)\($0.negated ? "!=" : "=")\($0.value)" }.joined(separator: ",")
    }

    /// Parses `a=b`, `a==b`, `a!=b` terms separated by commas (backslash escapes allowed).
    public init(parsing text: String) throws(SelectorParseError) {
        var result: [Requirement] = []
        for term in Self.splitTerms(text) where !term.isEmpty {
            if let range = term.range(of: "!=") {
                result.append(
                    Requirement(field: String(term[..<range.lowerBound]), value: String(term[range.upperBound...]), negated: true))
            } else if let range = term.range(of: "==") {
                result.append(
                    Requirement(field: String(term[..<range.lowerBound]), value: String(term[range.upperBound...]), negated: false))
            } else if let range = term.range(of: "=") {
                result.append(
                    Requirement(field: String(term[..<range.lowerBound]), value: String(term[range.upperBound...]), negated: false))
            } else {
                throw SelectorParseError(selector: text, message: "invalid selector: '\(text)'; can't understand '\(term)'")
            }
        }
        self.requirements = result
    }

    static func splitTerms(_ text: String) -> [String] {
        var terms: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "," {
                terms.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        terms.append(current)
        return terms
    }

    /// The value of a dotted field in an object as a selector compares it (strings as is,
    /// numbers and booleans as text, absent as empty).
    public static func fieldValue(_ object: JSONValue, _ field: String) -> String {
        let value = object[path: field.split(separator: ".").map(String.init)]
        switch value {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .double(let d): return String(d)
        default: return ""
        }
    }

    public func matches(_ object: JSONValue) -> Bool {
        requirements.allSatisfy { requirement in
            let actual = Self.fieldValue(object, requirement.field)
            return requirement.negated ? actual != requirement.value : actual == requirement.value
        }
    }
}

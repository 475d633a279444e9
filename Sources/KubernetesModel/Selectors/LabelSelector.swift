/// Why a label or field selector string could not be parsed; the message reads like
/// kube-apiserver's so it can be returned in a 400 `BadRequest` Status.
public struct SelectorParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var selector: String
    public var message: String

    public init(selector: String, message: String) {
        self.selector = selector
        self.message = message
    }

    public var description: String { "unable to parse requirement: \(message)" }
}

/// A parsed label selector (`app=web,tier!=db,env in (a,b),!legacy`), as the API server
/// accepts in `?labelSelector=` and as `metav1.LabelSelector` expresses with
/// `matchLabels`/`matchExpressions`. Used by the embedded server for list/watch and by the
/// apply engine for pruning.
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable {
        case equals = "="
        case notEquals = "!="
        case `in` = "in"
        case notIn = "notin"
        case exists = "exists"
        case doesNotExist = "!"
    }

    public struct Requirement: Sendable, Hashable {
        public var key: String
        public var op: Operator
        public var values: [String]

        public init(key: String, op: Operator, values: [String] = []) {
            self.key = key
            self.op = op
            self.values = values
        }

        public func matches(_ labels: [String: String]) -> Bool {
            let value = labels[key]
            switch op {
            case .equals: return value == values.first
            case .notEquals: return value != values.first
            case .in: return value.map { values.contains($0) } ?? false
            case .notIn: return value.map { !values.contains($0) } ?? true
            case .exists: return value != nil
            case .doesNotExist: return value == nil
            }
        }
    }

    public var requirements: [Requirement]

    /// The selector that matches everything.
    public static let everything = LabelSelector(requirements: [])

    public init(requirements: [Requirement]) { self.requirements = requirements }

    public var isEverything: Bool { requirements.isEmpty }

    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    public var description: String {
        requirements.map { r in
            switch r.op {
            case .equals, .notEquals: return "\(r.key)\(r.op.rawValue)\(r.values.first ?? "")"
            case .in, .notIn: return "\(r.key) \(r.op.rawValue) (\(r.values.joined(separator: ",")))"
            case .exists: return r.key
            case .doesNotExist: return "!\(r.key)"
            }
        }.joined(separator: ",")
    }

    /// Parses the string form used in query parameters and `kubectl -l`.
    public init(parsing text: String) throws(SelectorParseError) {
        var parser = SelectorScanner(text: text)
        var result: [Requirement] = []
        parser.skipSpaces()
        if parser.atEnd {
            self.requirements = []
            return
        }
        while true {
            result.append(try parser.parseLabelRequirement())
            parser.skipSpaces()
            if parser.atEnd { break }
            guard parser.consume(",") else {
                throw SelectorParseError(selector: text, message: "found '\(parser.rest)', expected: ',' or 'end of string'")
            }
        }
        self.requirements = result
    }

    /// Converts a `metav1.LabelSelector` JSON object (`matchLabels`, `matchExpressions`).
    public init(json: JSONValue) throws(SelectorParseError) {
        var result: [Requirement] = []
        for (key, value) in json["matchLabels"]?.objectValue ?? JSONObject() {
            result.append(Requirement(key: key, op: .equals, values: [value.stringValue ?? ""]))
        }
        for expression in json["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue)
            switch expression["operator"]?.stringValue ?? "" {
            case "In": result.append(Requirement(key: key, op: .in, values: values))
            case "NotIn": result.append(Requirement(key: key, op: .notIn, values: values))
            case "Exists": result.append(Requirement(key: key, op: .exists))
            case "DoesNotExist": result.append(Requirement(key: key, op: .doesNotExist))
            case let other:
                throw SelectorParseError(selector: json.serialized(), message: "\"\(other)\" is not a valid label selector operator")
            }
        }
        self.requirements = result
    }
}

/// A small scanner shared by the label and field selector parsers.
struct SelectorScanner {
    let characters: [Character]
    var index = 0

    init(text: String) { characters = Array(text) }

    var atEnd: Bool { index >= characters.count }
    var rest: String { String(characters[min(index, characters.count)...]) }
    var text: String { String(characters) }

    mutating func skipSpaces() {
        while index < characters.count, characters[index] == " " { index += 1 }
    }

    mutating func consume(_ token: String) -> Bool {
        let tokenCharacters = Array(token)
        guard index + tokenCharacters.count <= characters.count,
            Array(characters[index..<index + tokenCharacters.count]) == tokenCharacters
        else { return false }
        index += tokenCharacters.count
        return true
    }

    /// A key or value: everything up to a delimiter.
    mutating func word() -> String {
        let start = index
        while index < characters.count, !" ,=!()".contains(characters[index]) { index += 1 }
        return String(characters[start..<index])
    }

    mutating func parseLabelRequirement() throws(SelectorParseError) -> LabelSelector.Requirement {
        skipSpaces()
        if consume("!") {
            skipSpaces()
            let key = word()
            guard !key.isEmpty else { throw SelectorParseError(selector: text, message: "found '\(rest)', expected: identifier") }
            return .init(key: key, op: .doesNotExist)
        }
        let key = word()
        guard !key.isEmpty else { throw SelectorParseError(selector: text, message: "found '\(rest)', expected: identifier") }
        skipSpaces()
        if atEnd || characters[index] == "," { return .init(key: key, op: .exists) }
        if consume("==") || consume("=") {
            skipSpaces()
            return .init(key: key, op: .equals, values: [word()])
        }
        if consume("!=") {
            skipSpaces()
            return .init(key: key, op: .notEquals, values: [word()])
        }
        let op: LabelSelector.Operator
        if consume("notin") {
            op = .notIn
        } else if consume("in") {
            op = .in
        } else {
            throw SelectorParseError(selector: text, message: "found '\(rest)', expected: in, notin, =, ==, !=, gt, lt")
        }
        skipSpaces()
        guard consume("(") else { throw SelectorParseError(selector: text, message: "found '\(rest)', expected: '('") }
        var values: [String] = []
        while true {
            skipSpaces()
            values.append(word())
            skipSpaces()
            if consume(")") { break }
            guard consume(",") else { throw SelectorParseError(selector: text, message: "found '\(rest)', expected: ',' or ')'") }
        }
        return .init(key: key, op: op, values: values)
    }
}

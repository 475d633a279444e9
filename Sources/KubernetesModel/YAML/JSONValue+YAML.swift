import Yams

/// Why a YAML document could not become a JSON value, with the line where it happened.
public struct YAMLConversionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// 1-based line in the source, when known.
    public var line: Int?
    public var column: Int?
    /// Set when a `YAMLLimits` bound was exceeded (rather than the text being malformed).
    public var limit: YAMLLimitKind?

    public init(message: String, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}

/// One document of a YAML stream, converted, with the line it starts on.
public struct YAMLDocument: Sendable {
    public var value: JSONValue
    /// 1-based line of the document's first node in the stream.
    public var line: Int
}

extension JSONValue {
    /// Parses a single YAML (or JSON) document the way `sigs.k8s.io/yaml` does: scalars are
    /// resolved by the YAML 1.1 core schema, mapping keys become strings, order is kept.
    /// Within `limits` (by default the task's `YAMLLimits.current`).
    public init(yaml: String, limits: YAMLLimits = .current) throws(YAMLConversionError) {
        let documents = try JSONValue.yamlDocuments(yaml, limits: limits)
        guard documents.count <= 1 else {
            throw YAMLConversionError(message: "expected one YAML document, found \(documents.count)")
        }
        self = documents.first?.value ?? .null
    }

    /// Parses a multi-document YAML stream within `limits`. Empty documents are dropped.
    public static func yamlDocuments(_ yaml: String, limits: YAMLLimits = .current) throws(YAMLConversionError)
        -> [YAMLDocument]
    {
        try YAMLReader.documents(yaml, limits: limits, resolve: JSONValue.resolve(scalar:tag:))
    }

    /// The value of a composed YAML node, converted as `yamlDocuments` converts documents
    /// (merge keys, duplicate keys refused, the alias-expansion and depth limits counted).
    public init(yamlNode node: Node, limits: YAMLLimits = .current) throws(YAMLConversionError) {
        var converter = YAMLTreeConverter(limits: limits, lineOffset: 0, resolve: JSONValue.resolve(scalar:tag:))
        self = try converter.convert(node)
    }

    static func resolve(scalar: Node.Scalar, tag: Tag) -> JSONValue {
        let text = scalar.string
        if scalar.style != .plain && scalar.style != .any {
            return .string(text)
        }
        switch Tag.Name(rawValue: tag.rawValue) {
        case .null: return .null
        case .bool:
            if let value = Bool.construct(from: scalar) { return .bool(value) }
        case .int:
            if let value = Int.construct(from: scalar) { return .integer(Int64(value)) }
            if let value = Double.construct(from: scalar) { return .double(value) }
        case .float:
            if let value = Double.construct(from: scalar) {
                if value.isFinite { return .double(value) }
                return .string(text)
            }
        default:
            break
        }
        return .string(text)
    }
}

extension YAMLConversionError {
    init(yamlError: YamlError) {
        switch yamlError {
        case .scanner(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            self.init(message: "\(prefix)\(problem)", line: mark.line, column: mark.column)
        case .parser(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            self.init(message: "\(prefix)\(problem)", line: mark.line, column: mark.column)
        case .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            self.init(message: "\(prefix)\(problem)", line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            self.init(message: "mapping key \(keys) already defined", line: context.mark.line, column: context.mark.column)
        default:
            self.init(message: "\(yamlError)")
        }
    }
}

import Yams

/// Why a manifest could not be read or edited. Names the file, the workload and the container
/// involved, so `fluxctl` can show the message as is.
public struct YAMLEditError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that react differently (an unknown workload is a user
    /// mistake; a verification failure is a bug).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The text is not valid YAML.
        public static let invalidYAML = Code(name: "invalidYAML")
        /// No workload with the selector's kind, namespace and name is in the text.
        public static let workloadNotFound = Code(name: "workloadNotFound")
        /// More than one document matches the selector.
        public static let ambiguousWorkload = Code(name: "ambiguousWorkload")
        /// The workload has no container with that name.
        public static let containerNotFound = Code(name: "containerNotFound")
        /// The value is written in a way the editor does not change in place (block scalar,
        /// multi-line plain scalar, alias, tab indentation…).
        public static let unsupportedLayout = Code(name: "unsupportedLayout")
        /// A value to write is not acceptable (an invalid image reference, an empty key).
        public static let invalidValue = Code(name: "invalidValue")
        /// The edited text did not parse back to the intended value; nothing was changed.
        public static let verificationFailed = Code(name: "verificationFailed")
    }

    public var code: Code
    /// The file name the caller passed, for messages.
    public var file: String?
    /// 1-based line in the file, when known.
    public var line: Int?
    /// The workload concerned, as `namespace:kind/name`.
    public var workload: String?
    public var container: String?
    public var message: String

    public init(
        _ code: Code, file: String? = nil, line: Int? = nil, workload: String? = nil, container: String? = nil,
        message: String
    ) {
        self.code = code
        self.file = file
        self.line = line
        self.workload = workload
        self.container = container
        self.message = message
    }

    public var description: String {
        var location = file ?? "<manifest>"
        if let line { location += ":\(line)" }
        var subject = ""
        if let workload { subject += " \(workload)" }
        if let container { subject += " container \"\(container)\"" }
        return "\(location):\(subject.isEmpty ? "" : subject + ":") \(message)"
    }

    func with(file: String?, workload: String? = nil) -> YAMLEditError {
        var copy = self
        if copy.file == nil { copy.file = file }
        if copy.workload == nil { copy.workload = workload }
        return copy
    }
}

extension YAMLEditError {
    init(yamlError: YamlError) {
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            self.init(.invalidYAML, line: mark.line, message: "\(prefix)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            self.init(.invalidYAML, line: context.mark.line, message: "mapping key \(keys) already defined")
        default:
            self.init(.invalidYAML, message: "\(yamlError)")
        }
    }
}

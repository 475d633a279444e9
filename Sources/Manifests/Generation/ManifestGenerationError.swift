/// Why `.flux.yaml` manifest generation or an update through it failed. Names the
/// `.flux.yaml` (or patch file) relative to the repository root, the line when known, the
/// command that ran and what it wrote to stderr.
public struct ManifestGenerationError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let raw: String
        public var description: String { raw }

        /// The `.flux.yaml` is not valid (syntax, unknown field, wrong type, version).
        public static let invalidConfig = Code(raw: "invalidConfig")
        /// A file could not be read or written.
        public static let unreadable = Code(raw: "unreadable")
        /// A generator or updater exited non-zero or could not start.
        public static let commandFailed = Code(raw: "commandFailed")
        /// A generator or updater ran longer than the timeout and was stopped.
        public static let timedOut = Code(raw: "timedOut")
        /// A generator printed something that is not a YAML stream of objects.
        public static let invalidOutput = Code(raw: "invalidOutput")
        /// The patch file is invalid or names an object no generator produced.
        public static let invalidPatch = Code(raw: "invalidPatch")
        /// The workload (or container) to update is not among the generated objects.
        public static let workloadNotFound = Code(raw: "workloadNotFound")
        /// A `commandUpdated` configuration has no updater for this kind of change.
        public static let noUpdaters = Code(raw: "noUpdaters")
        /// A `.flux.yaml`, its working directory or its patch file leads outside the
        /// repository through a symlink.
        public static let outsideRepository = Code(raw: "outsideRepository")
        /// The requested value is not acceptable (an invalid image reference or workload ID).
        public static let invalidValue = Code(raw: "invalidValue")
    }

    public var code: Code
    /// The `.flux.yaml` (or the patch file) relative to the repository root.
    public var file: String
    /// 1-based line in `file`, when known.
    public var line: Int?
    /// The shell command concerned, as written in the `.flux.yaml`.
    public var command: String?
    /// What the command wrote to stderr (trimmed, at most a few KiB).
    public var standardError: String?
    public var message: String

    public init(
        _ code: Code, file: String, line: Int? = nil, command: String? = nil, standardError: String? = nil,
        message: String
    ) {
        self.code = code
        self.file = file
        self.line = line
        self.command = command
        self.standardError = standardError
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": \(message)"
        if let command { text += " (command: \(command))" }
        if let standardError, !standardError.isEmpty { text += "\nstderr:\n\(standardError)" }
        return text
    }

    /// As a manifest load error (for `ManifestLoader`), keeping file, line and message.
    var manifestError: ManifestError {
        var text = message
        if let command { text += " (command: \(command))" }
        if let standardError, !standardError.isEmpty { text += "; stderr: \(standardError)" }
        return ManifestError(code: .generation, file: file, line: line, message: text)
    }
}

/// Why `fluxctl install` could not produce or write the manifests: a missing or invalid
/// flag (named in the message), or a file that could not be written (its path).
public struct InstallError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// A required flag was not given.
        public static let missingFlag = Code(name: "missingFlag")
        /// A flag's value cannot be used.
        public static let invalidFlag = Code(name: "invalidFlag")
        /// An output file or directory could not be written.
        public static let writeFailed = Code(name: "writeFailed")
        public var description: String { name }
    }

    public var code: Code
    /// The flag at fault, with its dashes (`--git-url`), when a flag is.
    public var flag: String?
    /// The file at fault, when writing failed.
    public var path: String?
    public var message: String
    public var underlying: (any Error)?
    public var sourceFile: String
    public var sourceLine: Int

    public init(
        _ code: Code, flag: String? = nil, path: String? = nil, _ message: String, underlying: (any Error)? = nil,
        sourceFile: String = #fileID, sourceLine: Int = #line
    ) {
        self.code = code
        self.flag = flag
        self.path = path
        self.message = message
        self.underlying = underlying
        self.sourceFile = sourceFile
        self.sourceLine = sourceLine
    }

    public var description: String {
        var text = message
        if let flag, !message.hasPrefix(flag) { text = "\(flag): " + text }
        if let path { text = "\(path): " + text }
        if let underlying { text += ": \(underlying)" }
        return text
    }
}

/// Why one manifest could not be loaded: the file, the line, the object (when known) and what
/// was wrong with it.
public struct ManifestError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let raw: String
        public var description: String { raw }

        /// A configured path is missing or points outside the repository.
        public static let invalidPath = Code(raw: "invalidPath")
        /// The file could not be read or is not UTF-8.
        public static let unreadable = Code(raw: "unreadable")
        /// YAML or JSON syntax error.
        public static let syntax = Code(raw: "syntax")
        /// The object has no `metadata.name`.
        public static let missingName = Code(raw: "missingName")
        /// Two documents define the same object.
        public static let duplicate = Code(raw: "duplicate")
        /// kustomize failed.
        public static let kustomize = Code(raw: "kustomize")
        /// `.flux.yaml` manifest generation failed (config, generator command, patch file).
        public static let generation = Code(raw: "generation")
        /// The cluster does not know the kind and no CRD in the set defines it.
        public static let unknownKind = Code(raw: "unknownKind")
        /// Asking the cluster whether a kind is namespaced failed.
        public static let discovery = Code(raw: "discovery")
        /// The document is malformed in another way (e.g. `kind: List` without `items`).
        public static let invalid = Code(raw: "invalid")
        /// A SOPS-encrypted file could not be decrypted (or `--sops` is off).
        public static let decryption = Code(raw: "decryption")
        /// The document has no `kind` or no `apiVersion` (or is not an object at all).
        public static let missingKind = Code(raw: "missingKind")
        /// A `ManifestLimits` bound was exceeded (file, document or object size, depth, aliases, counts).
        public static let limitExceeded = Code(raw: "limitExceeded")
    }

    public var code: Code
    /// Path relative to the repository root (a directory for kustomize errors).
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// The object concerned, as `namespace:kind/name` or just the kind, when known.
    public var object: String?
    public var message: String

    public init(code: Code, file: String, line: Int?, object: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.object = object
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let object { text += " (\(object))" }
        return "\(text): \(message)"
    }
}

/// Loading failed: nothing may be pruned. Carries every error found, not just the first, so a
/// user can fix them all in one commit.
public struct ManifestLoadFailure: Error, Sendable, CustomStringConvertible {
    public var errors: [ManifestError]

    public init(errors: [ManifestError]) { self.errors = errors }

    public var description: String {
        let count = errors.count
        let head = "\(count) manifest error\(count == 1 ? "" : "s")"
        return ([head] + errors.map(\.description)).joined(separator: "\n  ")
    }
}

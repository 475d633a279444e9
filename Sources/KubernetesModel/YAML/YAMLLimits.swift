/// Bounds on what one YAML (or JSON) stream may cost to read, so that a hostile or broken file
/// in git cannot exhaust fluxd's memory or stall it: a few hundred bytes of nested aliases
/// (`&a [*a, *a, …]`, the "billion laughs") would otherwise expand to billions of nodes.
///
/// Every YAML entry point of SwiftFlux (`JSONValue.yamlDocuments`, `JSONValue(yaml:)`, the
/// kustomize decoder) enforces these through `YAMLReader`. The defaults fit any real manifest;
/// fluxd's `--manifest-max-*` flags change them (docs/security.md lists each one).
public struct YAMLLimits: Sendable, Hashable {
    /// Largest document (the text between two `---` markers) that is parsed at all. Larger ones
    /// are refused before parsing, so their size costs nothing but the text itself.
    public var maxDocumentBytes: Int
    /// Largest stream (a whole file, or kustomize's or a generator's output).
    public var maxStreamBytes: Int
    /// Deepest nesting of mappings and sequences in one document (aliases expanded).
    public var maxDepth: Int
    /// Most nodes one document may produce by expanding aliases and merge keys (`*a`, `<<: *a`).
    public var maxAliasNodes: Int
    /// Most documents in one stream.
    public var maxDocuments: Int

    public init(
        maxDocumentBytes: Int = YAMLLimits.defaultMaxDocumentBytes, maxStreamBytes: Int = YAMLLimits.defaultMaxStreamBytes,
        maxDepth: Int = 256, maxAliasNodes: Int = 100_000, maxDocuments: Int = 20_000
    ) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxStreamBytes = maxStreamBytes
        self.maxDepth = maxDepth
        self.maxAliasNodes = maxAliasNodes
        self.maxDocuments = maxDocuments
    }

    /// 4 MiB: above kube-apiserver's 3 MiB request limit, so no object that could be applied is
    /// refused for its YAML formatting (indentation, comments).
    public static let defaultMaxDocumentBytes = 4 << 20
    /// 32 MiB: a file of CRDs for a whole platform stays well below; a larger file is refused
    /// from its size alone, before it is read.
    public static let defaultMaxStreamBytes = 32 << 20

    public static let `default` = YAMLLimits()

    /// The limits in force for the current task and its child tasks. Callers that read manifests
    /// for fluxd (`ManifestLoader`) set this around their work, so decoders deep inside other
    /// modules (kustomize) apply the configured limits without passing them through every call.
    @TaskLocal public static var current: YAMLLimits = .default
}

/// Which limit a stream broke, for callers that react to it (and tests).
public enum YAMLLimitKind: String, Sendable, Hashable {
    case documentSize = "document size"
    case streamSize = "stream size"
    case depth = "nesting depth"
    case aliasNodes = "alias expansion"
    case documentCount = "number of documents"
    case complexKeys = "aliased complex keys"

    /// The fluxd flag that changes this limit (none for refusals that are not a size).
    public var flag: String? {
        switch self {
        case .documentSize: "--manifest-max-document-size"
        case .streamSize: "--manifest-max-file-size"
        case .depth: "--manifest-max-depth"
        case .aliasNodes: "--manifest-max-alias-nodes"
        case .documentCount: "--manifest-max-documents"
        case .complexKeys: nil
        }
    }
}

extension YAMLConversionError {
    /// A limit was exceeded: the message says what, by how much, and which flag changes it.
    static func limit(_ kind: YAMLLimitKind, _ message: String, line: Int?) -> YAMLConversionError {
        let hint = kind.flag.map { " (fluxd \($0))" } ?? ""
        var error = YAMLConversionError(message: message + hint, line: line)
        error.limit = kind
        return error
    }
}

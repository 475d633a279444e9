import ArgumentParser
import KubernetesModel
import Manifests

/// fluxd's bounds on what one sync may read from git (docs/security.md, "Limits"). A repository
/// that exceeds one fails the sync with an error naming the file and the flag; nothing is
/// applied or pruned. Sizes take `3Mi`, `3MiB`, `512Ki` or a number of bytes.
public struct ManifestLimitOptions: ParsableArguments, Sendable {
    public init() {}

    @Option(name: .customLong("manifest-max-file-size"), help: "Largest manifest file or rendered stream read")
    public var maxFileSize: String = ByteSize(bytes: YAMLLimits.defaultMaxStreamBytes).description
    @Option(name: .customLong("manifest-max-document-size"), help: "Largest YAML document parsed")
    public var maxDocumentSize: String = ByteSize(bytes: YAMLLimits.defaultMaxDocumentBytes).description
    @Option(name: .customLong("manifest-max-object-size"), help: "Largest object (as JSON) sent to the API server")
    public var maxObjectSize: String = ByteSize(bytes: ManifestLimits.apiServerRequestLimit).description
    @Option(name: .customLong("manifest-max-depth"), help: "Deepest nesting of mappings and sequences in a document")
    public var maxDepth: Int = YAMLLimits.default.maxDepth
    @Option(name: .customLong("manifest-max-alias-nodes"), help: "Most nodes YAML aliases may expand to in one document")
    public var maxAliasNodes: Int = YAMLLimits.default.maxAliasNodes
    @Option(name: .customLong("manifest-max-documents"), help: "Most YAML documents one sync reads")
    public var maxDocuments: Int = YAMLLimits.default.maxDocuments
    @Option(name: .customLong("manifest-max-objects"), help: "Most objects one sync applies")
    public var maxObjects: Int = ManifestLimits.default.maxObjects

    /// The validated limits.
    public func manifestLimits() throws(ValidationError) -> ManifestLimits {
        func size(_ text: String, _ flag: String) throws(ValidationError) -> Int {
            guard let parsed = ByteSize(parsing: text), parsed.bytes > 0 else {
                throw ValidationError("--\(flag): invalid size \"\(text)\" (e.g. 3Mi, 512Ki, or a number of bytes)")
            }
            return parsed.bytes
        }
        func positive(_ value: Int, _ flag: String) throws(ValidationError) -> Int {
            guard value > 0 else { throw ValidationError("--\(flag): must be at least 1, not \(value)") }
            return value
        }
        let yaml = YAMLLimits(
            maxDocumentBytes: try size(maxDocumentSize, "manifest-max-document-size"),
            maxStreamBytes: try size(maxFileSize, "manifest-max-file-size"),
            maxDepth: try positive(maxDepth, "manifest-max-depth"),
            maxAliasNodes: maxAliasNodes >= 0 ? maxAliasNodes : 0,
            maxDocuments: try positive(maxDocuments, "manifest-max-documents"))
        return ManifestLimits(
            yaml: yaml, maxObjectBytes: try size(maxObjectSize, "manifest-max-object-size"),
            maxObjects: try positive(maxObjects, "manifest-max-objects"))
    }
}

import KubernetesModel

/// Where a desired object came from, for messages ("deploy/web.yaml:12").
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { line > 0 ? "\(file):\(line)" : file }
}

/// One object the sync wants in the cluster: its full manifest (namespace already defaulted)
/// and where it was defined.
public struct DesiredObject: Sendable {
    public var object: JSONValue
    public var key: ObjectKey
    public var gvk: GroupVersionKind
    public var source: SourceLocation?

    public init(object: JSONValue, source: SourceLocation? = nil) throws(ApplyError) {
        guard let gvk = object.groupVersionKind, let key = object.objectKey else {
            throw ApplyError(
                code: .invalidObject, message: "object has no apiVersion, kind or metadata.name", source: source)
        }
        self.object = object
        self.key = key
        self.gvk = gvk
        self.source = source
    }
}

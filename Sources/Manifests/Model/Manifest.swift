import KubernetesModel

/// Where an object came from, for messages: a file relative to the repository root and the
/// 1-based line its document starts on; for kustomize output, the kustomization directory.
public struct ManifestSource: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// 1-based line of the document start; `nil` for rendered output (kustomize).
    public var line: Int?

    public init(path: String, line: Int?) {
        self.path = path
        self.line = line
    }

    public var description: String { line.map { "\(path):\($0)" } ?? path }
}

/// One object read from git, with its identity and origin.
public struct Manifest: Sendable, Hashable {
    /// The object as written (after namespace defaulting, when that ran).
    public var object: JSONValue
    public var source: ManifestSource
    /// group, kind, namespace ("" when cluster-scoped or not yet defaulted), name.
    public var key: ObjectKey

    public init(object: JSONValue, source: ManifestSource, key: ObjectKey) {
        self.object = object
        self.source = source
        self.key = key
    }

    public var groupVersionKind: GroupVersionKind {
        GroupVersionKind(apiVersion: object.apiVersion ?? "", kind: key.kind)
    }
}

/// A document that was skipped on purpose (no `apiVersion`/`kind`): logged, not fatal.
public struct ManifestWarning: Sendable, Hashable, CustomStringConvertible {
    public var source: ManifestSource
    public var message: String

    public var description: String { "\(source): \(message)" }
}

/// The outcome of a successful load: every object of every configured path. There is no
/// partial variant: if anything failed, `ManifestLoader.load` throws `ManifestLoadFailure`.
public struct ManifestSet: Sendable {
    /// In a deterministic order: paths as configured, files sorted, documents in file order.
    public var manifests: [Manifest]
    public var warnings: [ManifestWarning]

    public init(manifests: [Manifest], warnings: [ManifestWarning] = []) {
        self.manifests = manifests
        self.warnings = warnings
    }
}

import KubernetesModel

/// What one sync may read: the YAML limits of each stream (document size, depth, alias
/// expansion, file size) plus totals over the whole load, so that memory stays bounded however
/// large or hostile the repository. Exceeding any of them fails the load like a syntax error:
/// nothing is applied or pruned, and the error names the file and the flag that changes it.
public struct ManifestLimits: Sendable, Hashable {
    /// Per stream: `maxStreamBytes` bounds each file (checked before it is read),
    /// `maxDocuments` bounds each stream and also the whole load.
    public var yaml: YAMLLimits
    /// Largest object, as JSON: kube-apiserver refuses request bodies above 3 MiB
    /// ("Request entity too large: limit is 3145728"), so a larger object could never apply.
    public var maxObjectBytes: Int
    /// Most objects one load may produce (after `List`s, kustomize and generators).
    public var maxObjects: Int

    public init(yaml: YAMLLimits = .default, maxObjectBytes: Int = ManifestLimits.apiServerRequestLimit, maxObjects: Int = 20_000) {
        self.yaml = yaml
        self.maxObjectBytes = maxObjectBytes
        self.maxObjects = maxObjects
    }

    /// kube-apiserver's `MaxRequestBodyBytes` (3 MiB), not configurable in kube-apiserver.
    public static let apiServerRequestLimit = 3 * 1024 * 1024

    public static let `default` = ManifestLimits()
}

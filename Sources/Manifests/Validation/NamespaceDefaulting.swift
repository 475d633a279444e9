import KubernetesModel

/// Answers "is this kind namespaced?" — from the cluster's discovery, so CRDs already
/// installed work. `nil` means the cluster does not know the kind.
public typealias NamespaceScopeOracle = @Sendable (GroupKind) async throws -> Bool?

/// Gives namespaced objects without a namespace the default one (`--k8s-default-namespace`,
/// else `default`) and takes the namespace off cluster-scoped objects, as kubectl does.
public enum NamespaceDefaulting {
    /// The kinds defined by CustomResourceDefinitions in `manifests`, with whether each is
    /// namespaced. These decide over discovery: the CRD is about to be applied.
    public static func scopesDefined(by manifests: [Manifest]) -> [GroupKind: Bool] {
        var scopes: [GroupKind: Bool] = [:]
        for manifest in manifests
        where manifest.key.group == "apiextensions.k8s.io" && manifest.key.kind == "CustomResourceDefinition" {
            let spec = manifest.object["spec"]
            guard let group = spec?["group"]?.stringValue, let kind = spec?[path: ["names", "kind"]]?.stringValue else {
                continue
            }
            scopes[GroupKind(group: group, kind: kind)] = spec?["scope"]?.stringValue != "Cluster"
        }
        return scopes
    }

    /// Defaults namespaces; objects whose scope cannot be decided are returned as errors.
    public static func apply(
        to manifests: [Manifest], defaultNamespace: String, isNamespaced oracle: NamespaceScopeOracle
    ) async -> (manifests: [Manifest], errors: [ManifestError]) {
        var scopes = scopesDefined(by: manifests)
        var failures: [GroupKind: ManifestError.Code] = [:]
        var failureMessages: [GroupKind: String] = [:]
        var result: [Manifest] = []
        var errors: [ManifestError] = []
        result.reserveCapacity(manifests.count)
        for var manifest in manifests {
            let groupKind = manifest.key.groupKind
            if scopes[groupKind] == nil, failures[groupKind] == nil {
                do {
                    if let namespaced = try await oracle(groupKind) {
                        scopes[groupKind] = namespaced
                    } else {
                        failures[groupKind] = .unknownKind
                        failureMessages[groupKind] =
                            "the cluster has no kind \(groupKind) (apiVersion \(manifest.object.apiVersion ?? "")) and no CustomResourceDefinition in the manifests defines it"
                    }
                } catch {
                    failures[groupKind] = .discovery
                    failureMessages[groupKind] = "cannot tell whether \(groupKind) is namespaced: \(error)"
                }
            }
            guard let namespaced = scopes[groupKind] else {
                errors.append(
                    ManifestError(
                        code: failures[groupKind] ?? .unknownKind, file: manifest.source.path, line: manifest.source.line,
                        object: manifest.key.description, message: failureMessages[groupKind] ?? "unknown kind"))
                continue
            }
            if namespaced {
                if (manifest.object.namespace ?? "").isEmpty { manifest.object.namespace = defaultNamespace }
            } else if manifest.object.namespace != nil {
                var metadata = manifest.object.metadata
                _ = metadata.removeValue(forKey: "namespace")
                manifest.object.metadata = metadata
            }
            manifest.key.namespace = namespaced ? (manifest.object.namespace ?? defaultNamespace) : ""
            result.append(manifest)
        }
        return (result, errors)
    }
}

import KubernetesModel

/// Two documents defining the same object (same group, kind, namespace and name) is an error:
/// which one would win is an accident of file order.
public enum DuplicateCheck {
    /// One error per repeated definition, naming both places.
    public static func errors(in manifests: [Manifest]) -> [ManifestError] {
        var first: [ObjectKey: ManifestSource] = [:]
        var errors: [ManifestError] = []
        for manifest in manifests {
            if let earlier = first[manifest.key] {
                errors.append(
                    ManifestError(
                        code: .duplicate, file: manifest.source.path, line: manifest.source.line,
                        object: manifest.key.description,
                        message: "\(manifest.key) is defined twice: here and at \(earlier)"))
            } else {
                first[manifest.key] = manifest.source
            }
        }
        return errors
    }
}

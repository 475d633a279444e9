import KubernetesModel

/// kustomize's checks of a kustomization beyond its shape (see `GoJSONShape` for the
/// field names and unknown fields).
extension Kustomization {
    /// kustomize's checks of `kind` and `apiVersion` (either may be left out).
    func validateKind() throws {
        let kind = fields["kind"]?.stringValue ?? ""
        let apiVersion = fields["apiVersion"]?.stringValue ?? ""
        switch kind {
        case "", "Kustomization":
            guard apiVersion.isEmpty || apiVersion == "kustomize.config.k8s.io/v1beta1" else {
                throw KustomizeError(
                    .invalidField, file: file, field: "apiVersion",
                    "apiVersion for Kustomization should be kustomize.config.k8s.io/v1beta1")
            }
        case "Component":
            guard apiVersion.isEmpty || apiVersion == "kustomize.config.k8s.io/v1alpha1" else {
                throw KustomizeError(
                    .invalidField, file: file, field: "apiVersion",
                    "apiVersion for Component should be kustomize.config.k8s.io/v1alpha1")
            }
        default:
            throw KustomizeError(.invalidField, file: file, field: "kind", "kind should be Kustomization or Component")
        }
    }

}

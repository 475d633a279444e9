import GitRepository
import KubernetesClient
import KubernetesModel

/// Records which revision was last applied (`--sync-state`): as an annotated git tag pushed
/// to the remote, or as an annotation on the deploy-key Secret (`--git-readonly`).
struct RevisionRecorder: Sendable {
    /// The annotation Flux v1 used on the deploy-key Secret for `--sync-state=secret`.
    static let secretAnnotation = "flux.weave.works/sync-hwm"

    let state: DaemonConfiguration.SyncState
    let tag: String
    let repository: GitRepository
    let client: KubernetesClient
    let namespace: String
    let secretName: String

    func record(_ revision: String) async throws {
        switch state {
        case .git:
            try await repository.moveTag(tag, to: revision, message: "Sync pointer")
        case .secret:
            let patch: JSONValue = ["metadata": ["annotations": [Self.secretAnnotation: .string(revision)]]]
            _ = try await client.patch(
                GroupVersionKind(group: "", version: "v1", kind: "Secret"), namespace: namespace, name: secretName,
                patch: .merge(patch), fieldManager: "flux")
        }
    }

    /// The last recorded revision, if any.
    func recorded() async throws -> String? {
        switch state {
        case .git:
            return try await repository.remoteTagRevision(tag)
        case .secret:
            let secret = try await client.get(
                GroupVersionKind(group: "", version: "v1", kind: "Secret"), namespace: namespace, name: secretName)
            return secret.annotations[Self.secretAnnotation]
        }
    }
}

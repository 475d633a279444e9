import Foundation
import ImagePolicy
import KubernetesModel
import Registry

/// The outcome of one scan pass.
public struct ImageScanReport: Sendable {
    /// When the pass started.
    public var started: Date
    public var duration: Duration
    /// The workloads listed in this pass (the previous pass's when listing failed).
    public var workloads: [Workload]
    /// Every repository in use, by canonical name (`docker.io/library/nginx`): fresh results,
    /// or the cached ones for repositories that were not due.
    public var repositories: [String: RepositoryScan]
    /// Tags that appeared in this pass, by repository (every tag on a repository's first scan).
    public var newTags: [String: [String]]
    /// Images not scanned because an `--registry-exclude-image` glob matches them.
    public var excludedImages: [String]
    /// Why the workloads could not be listed (a `WorkloadListError` from the cluster); the
    /// pass then scanned nothing and the previous results stand.
    public var listError: (any Error)?

    /// Repositories whose tag list could not be read this pass, with the reason.
    public var errors: [String: RegistryError] { repositories.compactMapValues(\.error) }
    /// Repositories the registry was asked about (the others were fresh in the cache).
    public var scannedRepositories: [String] { repositories.values.filter(\.scanned).map(\.repository).sorted() }
}

/// The tags available to one container under its policy: what `list-images` shows and what
/// automation releases, decided by `ImagePolicy.TagChoice`.
public struct ContainerTags: Sendable {
    public var workload: WorkloadID
    public var container: WorkloadContainer
    /// The canonical repository name, `nil` when the image reference is invalid.
    public var repository: String?
    /// The container's policy (`glob:*` when it has none), or why it cannot be used.
    public var policy: Result<TagPolicy, PolicyError>
    /// The latest scan of the repository; `nil` when not scanned (yet, or excluded).
    public var scan: RepositoryScan?
    /// Tags the policy accepts, newest first (see `TagChoice.available`).
    public var available: [TagMetadata]
    /// The tag automation would release (see `TagChoice.newest`).
    public var newest: String?

    init(workload: WorkloadID, container: WorkloadContainer, policies: WorkloadPolicies, scan: RepositoryScan?) {
        self.workload = workload
        self.container = container
        self.repository = container.reference?.canonicalName
        self.scan = scan
        let choice = TagChoice(
            container: container.name, currentTag: container.reference?.tag, policies: policies,
            tags: scan?.tagInfos ?? [], automation: true)
        policy = choice.policy
        let byTag = Dictionary((scan?.tags ?? []).map { ($0.tag, $0) }, uniquingKeysWith: { first, _ in first })
        available = scan == nil ? [] : choice.available.compactMap { byTag[$0.tag] }
        newest = scan == nil ? nil : choice.newest
    }
}

extension RepositoryScan {
    /// The tags as `ImagePolicy` input.
    public var tagInfos: [TagInfo] { tags.map { TagInfo(tag: $0.tag, created: $0.created, digest: $0.digest) } }
}

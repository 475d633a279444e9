import ImagePolicy
import KubernetesModel
import Registry

/// Which repositories a pass scans, decided from the workloads alone (pure, no I/O).
///
/// A repository is scanned once however many containers use it; it needs per-tag metadata
/// when any container using it orders tags by creation time (a glob or regex policy, which
/// includes the default `glob:*`), or when `metadataForAllImages` is set. Semver policies
/// need only the tag list. Credentials of every workload using a repository are offered.
struct ScanPlan: Sendable {
    var targets: [ScanTarget]
    /// Images left out by `--registry-exclude-image`, as written, sorted.
    var excludedImages: [String]

    init(workloads: [Workload], settings: ImageScanSettings) {
        var byRepository: [String: ScanTarget] = [:]
        var order: [String] = []
        var excluded = Set<String>()
        for workload in workloads {
            for container in workload.containers {
                guard let reference = container.reference else { continue }
                if settings.isExcluded(reference) {
                    excluded.insert(container.image)
                    continue
                }
                let needsMetadata: Bool
                if settings.metadataForAllImages {
                    needsMetadata = true
                } else {
                    switch workload.policies.tagPolicy(for: container.name) {
                    case .success(let policy): needsMetadata = policy.requiresTimestamps
                    // An invalid policy selects nothing: automation cannot use the metadata.
                    case .failure: needsMetadata = false
                    }
                }
                let name = reference.canonicalName
                let repository = ImageReference(
                    writtenRegistry: reference.writtenRegistry, writtenPath: reference.writtenPath, tag: nil, digest: nil)
                if var target = byRepository[name] {
                    target.needsMetadata = target.needsMetadata || needsMetadata
                    target.keychain = (target.keychain ?? Keychain()).merging(workload.keychain)
                    byRepository[name] = target
                } else {
                    order.append(name)
                    byRepository[name] = ScanTarget(image: repository, needsMetadata: needsMetadata, keychain: workload.keychain)
                }
            }
        }
        targets = order.compactMap { byRepository[$0] }
        excludedImages = excluded.sorted()
    }
}

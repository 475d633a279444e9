import FluxAPI
import Foundation
import ImagePolicy
import KubernetesModel

/// What image scanning knows about one repository.
struct RepositoryTags: Sendable {
    var tags: [ImageTag]
    /// Why the last scan failed, when it did (the tags are then those of an earlier scan).
    var error: String?
}

/// The image scan results fluxd's API and releases read. Without scanning (`NoImageCatalog`)
/// every repository is unknown.
protocol ImageCatalog: Sendable {
    /// Results for repositories by canonical name (`registry/path`); absent when not scanned.
    func tags(for repositories: Set<String>) async -> [String: RepositoryTags]
}

struct NoImageCatalog: ImageCatalog {
    func tags(for repositories: Set<String>) async -> [String: RepositoryTags] { [:] }
}

/// `list-images` and `--update-all-images`: containers' images against scan results and policies.
enum ImageReport {
    /// The tag policy of a container from its workload's policies (`tag.<name>`), `glob:*` when none.
    static func policy(container: String, policies: [String: String]) -> TagPolicy {
        guard let text = policies["tag.\(container)"] else { return .all }
        return (try? TagPolicy(parsing: text)) ?? .all
    }

    static func images(of workloads: [WorkloadStatus], catalog: any ImageCatalog) async -> [WorkloadImages] {
        var repositories = Set<String>()
        for workload in workloads {
            for container in workload.containers {
                if let reference = try? ImageReference(parsing: container.image) { repositories.insert(reference.canonicalName) }
            }
        }
        let known = await catalog.tags(for: repositories)
        return workloads.map { workload in
            WorkloadImages(
                id: workload.id,
                containers: workload.containers.map { container in
                    let policy = policy(container: container.name, policies: workload.policies)
                    guard let reference = try? ImageReference(parsing: container.image) else {
                        return ContainerImages(
                            name: container.name, current: container.image, repository: container.image,
                            policy: policy.description, scanned: false, available: [], error: "invalid image reference")
                    }
                    guard let scan = known[reference.canonicalName] else {
                        return ContainerImages(
                            name: container.name, current: container.image, repository: reference.canonicalName,
                            policy: policy.description, scanned: false, available: [])
                    }
                    let byTag = Dictionary(scan.tags.map { ($0.tag, $0) }, uniquingKeysWith: { first, _ in first })
                    let ordered = policy.ordered(scan.tags.map { TagInfo(tag: $0.tag, created: $0.created) })
                    return ContainerImages(
                        name: container.name, current: container.image, repository: reference.canonicalName,
                        policy: policy.description, scanned: true,
                        available: ordered.map { byTag[$0.tag] ?? ImageTag(tag: $0.tag, created: $0.created) },
                        error: scan.error)
                })
        }
    }
}

import FluxAPI
import Foundation
import ImagePolicy
import KubernetesModel
import WorkloadUpdates

/// What image scanning knows about one repository.
struct RepositoryTags: Sendable {
    var tags: [TagInfo]
    /// Why the last scan failed, when it did (the tags are then those of an earlier scan).
    var error: String?
}

/// The image scan results fluxd's API, releases and automation read. Without scanning
/// (`NoImageCatalog`) every repository is unknown.
protocol ImageCatalog: Sendable {
    /// Results for repositories by canonical name (`registry/path`); absent when not scanned.
    func tags(for repositories: Set<String>) async -> [String: RepositoryTags]
}

extension ImageCatalog {
    /// The scan results for every repository the workloads of `index` run, as release
    /// planning takes them (`ReleasePlanner.plan(_:index:tags:)`).
    func tags(for index: WorkloadIndex) async -> [String: [TagInfo]] {
        await tags(for: ReleasePlanner.repositories(in: index)).mapValues(\.tags)
    }
}

struct NoImageCatalog: ImageCatalog {
    func tags(for repositories: Set<String>) async -> [String: RepositoryTags] { [:] }
}

/// `list-images`: containers' images against scan results, ordered by each container's
/// policy (`ImagePolicy.TagChoice`, the decision automation and releases use too).
enum ImageReport {
    static func images(of objects: [JSONValue], catalog: any ImageCatalog) async -> [WorkloadImages] {
        var repositories = Set<String>()
        for object in objects {
            for container in LiveWorkloads.containers(of: object) {
                if let reference = reference(container.image) { repositories.insert(reference.canonicalName) }
            }
        }
        let known = await catalog.tags(for: repositories)
        return objects.map { object in
            let id = LiveWorkloads.workloadID(of: object)
            let policies = WorkloadPolicies(annotations: object.annotations, workload: id)
            return WorkloadImages(
                id: id.description,
                containers: LiveWorkloads.containers(of: object).map { container in
                    images(of: container, policies: policies, known: known)
                })
        }
    }

    static func images(of container: ContainerStatus, policies: WorkloadPolicies, known: [String: RepositoryTags])
        -> ContainerImages
    {
        guard let reference = reference(container.image) else {
            let choice = TagChoice(container: container.name, currentTag: nil, policies: policies, tags: [])
            return ContainerImages(
                name: container.name, current: container.image, repository: container.image, policy: choice.policyText,
                scanned: false, available: [], error: "invalid image reference", policyError: choice.policyErrorText)
        }
        let scan = known[reference.canonicalName]
        let choice = TagChoice(
            container: container.name, currentTag: reference.tag, policies: policies, tags: scan?.tags ?? [])
        return ContainerImages(
            name: container.name, current: container.image, repository: reference.canonicalName,
            policy: choice.policyText, scanned: scan != nil,
            available: choice.available.map { ImageTag(tag: $0.tag, digest: $0.digest, created: $0.created) },
            error: scan?.error, policyError: choice.policyErrorText)
    }

    static func reference(_ image: String) -> ImageReference? {
        do {
            return try ImageReference(parsing: image)
        } catch {
            // Reported per container as "invalid image reference".
            return nil
        }
    }
}

extension TagChoice {
    /// The policy error as the API reports it, `nil` when the policy is usable.
    var policyErrorText: String? {
        if case .failure(let error) = policy { return error.description }
        return nil
    }
}

import FluxAPI
import ImageAutomation

/// The image catalog of a running fluxd: the latest results of its `ImageScanService`.
struct ScanCatalog: ImageCatalog {
    let service: ImageScanService

    func tags(for repositories: Set<String>) async -> [String: RepositoryTags] {
        let scans = await service.repositories
        var result: [String: RepositoryTags] = [:]
        for name in repositories {
            guard let scan = scans[name], scan.scanned || !scan.tags.isEmpty || scan.error != nil else { continue }
            result[name] = RepositoryTags(
                tags: scan.tags.map { ImageTag(tag: $0.tag, digest: $0.digest, created: $0.created) },
                error: scan.error.map { "\($0)" })
        }
        return result
    }
}

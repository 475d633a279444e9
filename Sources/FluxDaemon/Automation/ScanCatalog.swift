import ImageAutomation
import ImagePolicy

/// The image catalog of a running fluxd: the latest results of its `ImageScanService`.
struct ScanCatalog: ImageCatalog {
    let service: ImageScanService

    func tags(for repositories: Set<String>) async -> [String: RepositoryTags] {
        let scans = await service.repositories
        var result: [String: RepositoryTags] = [:]
        for name in repositories {
            guard let scan = scans[name], scan.scanned || !scan.tags.isEmpty || scan.error != nil else { continue }
            result[name] = RepositoryTags(tags: scan.tagInfos, error: scan.error.map { "\($0)" })
        }
        return result
    }
}

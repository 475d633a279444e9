import Foundation
import KubernetesModel
import Logging

/// One image repository to scan.
public struct ScanTarget: Sendable, Hashable {
    /// The repository (tag and digest are ignored).
    public var image: ImageReference
    /// Whether per-tag metadata (digest, created) is needed: glob and regex policies need it,
    /// semver policies only the tag list.
    public var needsMetadata: Bool
    /// Credentials from the workloads' pull secrets, tried before `--docker-config`'s.
    public var keychain: Keychain?

    public init(image: ImageReference, needsMetadata: Bool, keychain: Keychain? = nil) {
        self.image = image
        self.needsMetadata = needsMetadata
        self.keychain = keychain
    }
}

/// A tag with whatever metadata is known for it.
public struct TagMetadata: Sendable, Hashable {
    public var tag: String
    public var digest: String?
    public var created: Date?
    public var platform: Platform?
}

/// The outcome of scanning (or not needing to rescan) one repository.
public struct RepositoryScan: Sendable {
    /// The canonical repository name (`docker.io/library/nginx`).
    public var repository: String
    /// Every known tag, with metadata where it was needed and could be read.
    public var tags: [TagMetadata]
    /// Tags that were not there at the previous scan (all tags on the first scan).
    public var newTags: [String]
    /// Why the tag list could not be read this time (the cached tags, if any, are still reported).
    public var error: RegistryError?
    /// Why a tag's metadata could not be read, by tag.
    public var tagErrors: [String: RegistryError]
    /// Whether the registry was asked this time (false: the cache was still fresh).
    public var scanned: Bool

    public var hasNewTags: Bool { !newTags.isEmpty }
}

/// Scans the image repositories in use, concurrently, with every repository's result (or
/// error) reported separately: a failing registry never stops the others.
public struct Scanner: Sendable {
    public let client: RegistryClient
    public let cache: ImageCache
    public let schedule: RefreshSchedule
    let logger: Logger
    /// Tag metadata requests in flight per repository.
    let metadataWidth = 8

    public init(client: RegistryClient, cache: ImageCache, schedule: RefreshSchedule = RefreshSchedule(), logger: Logger) {
        self.client = client
        self.cache = cache
        self.schedule = schedule
        self.logger = logger
    }

    /// Scans every target that is due (or all, with `force`), then persists the cache.
    /// Excluded images (`--registry-exclude-image`) are left out of the result.
    public func scan(_ targets: [ScanTarget], now: Date = Date(), force: Bool = false) async -> [String: RepositoryScan] {
        var merged: [String: ScanTarget] = [:]
        for target in targets where !client.options.isExcluded(target.image) {
            let name = target.image.canonicalName
            if var existing = merged[name] {
                existing.needsMetadata = existing.needsMetadata || target.needsMetadata
                if let keychain = target.keychain { existing.keychain = (existing.keychain ?? Keychain()).merging(keychain) }
                merged[name] = existing
            } else {
                merged[name] = target
            }
        }
        let results = await withTaskGroup(of: RepositoryScan.self, returning: [String: RepositoryScan].self) { group in
            for target in merged.values {
                group.addTask {
                    let clock = ContinuousClock()
                    let started = clock.now
                    let result = await scanRepository(target, now: now, force: force)
                    if result.scanned { FetchMetrics.repository(success: result.error == nil, duration: clock.now - started) }
                    return result
                }
            }
            var results: [String: RepositoryScan] = [:]
            for await result in group { results[result.repository] = result }
            return results
        }
        do {
            try await cache.save()
        } catch {
            logger.warning("cannot persist image cache", metadata: ["error": "\(error)"])
        }
        return results
    }

    func scanRepository(_ target: ScanTarget, now: Date, force: Bool) async -> RepositoryScan {
        let name = target.image.canonicalName
        let previous = await cache.record(for: name)
        var record = previous ?? RepositoryRecord()
        let hasAllMetadata = !target.needsMetadata || record.tags.allSatisfy { record.metadata[$0] != nil }
        if !force, let due = record.nextScan, due > now, hasAllMetadata, record.lastError == nil {
            return report(name, record, newTags: [], error: nil, tagErrors: [:], scanned: false)
        }
        let tags: [String]
        let clock = ContinuousClock()
        let started = clock.now
        do {
            tags = try await client.tags(of: target.image, keychain: target.keychain)
            FetchMetrics.request(kind: "tags", success: true, duration: clock.now - started)
        } catch {
            FetchMetrics.request(kind: "tags", success: false, duration: clock.now - started)
            let registryError = Self.registryError(error, target.image)
            logger.info("cannot list tags", metadata: ["repository": "\(name)", "error": "\(registryError)"])
            record.lastError = registryError.description
            record.nextScan = now.addingTimeInterval(RefreshSchedule.seconds(schedule.minimum))
            await cache.update(record, for: name)
            return report(name, record, newTags: [], error: registryError, tagErrors: [:], scanned: true)
        }
        let known = Set(record.tags)
        let newTags = tags.filter { !known.contains($0) }
        let changed = previous == nil || !newTags.isEmpty || Set(tags) != known
        let interval = schedule.nextInterval(
            previous: record.interval.map { .milliseconds(Int64($0 * 1000)) }, changed: changed)
        record.tags = tags
        record.lastScan = now
        record.lastError = nil
        record.interval = RefreshSchedule.seconds(interval)
        record.nextScan = now.addingTimeInterval(RefreshSchedule.seconds(interval))
        if changed { record.lastChange = now }
        let current = Set(tags)
        record.metadata = record.metadata.filter { current.contains($0.key) }
        var tagErrors: [String: RegistryError] = [:]
        if target.needsMetadata {
            let recheck = RefreshSchedule.seconds(schedule.tagRecheck)
            let due = tags.filter { tag in
                guard let entry = record.metadata[tag] else { return true }
                return now.timeIntervalSince(entry.checked) >= recheck
            }
            let fetched = await fetchMetadata(target, tags: due, previous: record.metadata)
            for (tag, outcome) in fetched {
                switch outcome {
                case .success(let metadata): record.metadata[tag] = TagRecord(metadata: metadata, checked: now)
                case .failure(let error): tagErrors[tag] = error
                }
            }
        }
        await cache.update(record, for: name)
        return report(name, record, newTags: previous == nil ? tags : newTags, error: nil, tagErrors: tagErrors, scanned: true)
    }

    /// Reads metadata for `tags`, `metadataWidth` at a time. A tag with a known digest is
    /// confirmed with `HEAD`; only a changed digest is fetched (unless another tag has it).
    private func fetchMetadata(
        _ target: ScanTarget, tags: [String], previous: [String: TagRecord]
    ) async -> [String: Result<ImageMetadata, RegistryError>] {
        let client = self.client
        let cache = self.cache
        let outcomes = await concurrentMap(tags, limit: metadataWidth) { tag -> Result<ImageMetadata, RegistryError> in
            let old = previous[tag]?.metadata
            let clock = ContinuousClock()
            let started = clock.now
            var succeeded = false
            defer { FetchMetrics.request(kind: "metadata", success: succeeded, duration: clock.now - started) }
            do {
                if let old, let digest = try await client.digest(of: target.image, tag: tag, keychain: target.keychain),
                    digest == old.digest
                {
                    succeeded = true
                    return .success(old)
                }
                let metadata = try await client.metadata(of: target.image, tag: tag, keychain: target.keychain) {
                    await cache.metadata(forDigest: $0)
                }
                succeeded = true
                return .success(metadata)
            } catch {
                return .failure(Self.registryError(error, target.image))
            }
        }
        return Dictionary(zip(tags, outcomes), uniquingKeysWith: { first, _ in first })
    }

    private func report(
        _ name: String, _ record: RepositoryRecord, newTags: [String], error: RegistryError?,
        tagErrors: [String: RegistryError], scanned: Bool
    ) -> RepositoryScan {
        let tags = record.tags.map { tag in
            let metadata = record.metadata[tag]?.metadata
            return TagMetadata(tag: tag, digest: metadata?.digest, created: metadata?.created, platform: metadata?.platform)
        }
        return RepositoryScan(repository: name, tags: tags, newTags: newTags, error: error, tagErrors: tagErrors, scanned: scanned)
    }

    static func registryError(_ error: any Error, _ image: ImageReference) -> RegistryError {
        if let error = error as? RegistryError { return error }
        return RegistryError(code: .unreachable, host: image.registry, repository: image.repository, message: "\(error)")
    }
}

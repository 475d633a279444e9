import Foundation
import Logging

/// What is known about one tag, and when it was last confirmed.
public struct TagRecord: Sendable, Hashable, Codable {
    public var metadata: ImageMetadata
    /// When the tag was last seen pointing at `metadata.digest`.
    public var checked: Date
}

/// What is known about one repository.
public struct RepositoryRecord: Sendable, Hashable, Codable {
    public var tags: [String] = []
    /// Metadata by tag, for repositories scanned with metadata.
    public var metadata: [String: TagRecord] = [:]
    public var lastScan: Date?
    /// When the next scan is due (adaptive: see `RefreshSchedule`).
    public var nextScan: Date?
    /// The current refresh interval in seconds.
    public var interval: Double?
    /// When the tag list last changed.
    public var lastChange: Date?
    public var lastError: String?

    public init() {}
}

/// Why the cache file could not be read or written.
public struct ImageCacheError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "image cache \(path): \(reason)" }
}

/// Tags and per-tag metadata of every scanned repository, with a digest index so metadata of
/// a digest already seen is never fetched twice, persisted as JSON so a restart does not
/// rescan everything.
public actor ImageCache {
    private struct File: Codable {
        var version: Int
        var repositories: [String: RepositoryRecord]
    }

    /// Where the cache is persisted; `nil` keeps it in memory only.
    public let path: String?
    private var repositories: [String: RepositoryRecord] = [:]
    private var byDigest: [String: ImageMetadata] = [:]

    /// An empty cache persisted at `path` (call `load()` to read what is there).
    public init(path: String?) {
        self.path = path
    }

    /// Reads the cache file; a missing file is an empty cache, a corrupt one an error.
    public func load() throws(ImageCacheError) {
        guard let path, FileManager.default.fileExists(atPath: path) else { return }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            let file = try decoder.decode(File.self, from: data)
            guard file.version == 1 else {
                throw ImageCacheError(path: path, reason: "unsupported version \(file.version)")
            }
            repositories = file.repositories
            byDigest = [:]
            for record in repositories.values { index(record) }
        } catch let error as ImageCacheError {
            throw error
        } catch {
            throw ImageCacheError(path: path, reason: "cannot read: \(error)")
        }
    }

    /// Writes the cache file atomically.
    public func save() throws(ImageCacheError) {
        guard let path else { return }
        do {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .secondsSince1970
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(File(version: 1, repositories: repositories))
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ImageCacheError(path: path, reason: "cannot write: \(error)")
        }
    }

    /// The record of a repository (canonical name, `docker.io/library/nginx`).
    public func record(for repository: String) -> RepositoryRecord? { repositories[repository] }

    public func update(_ record: RepositoryRecord, for repository: String) {
        repositories[repository] = record
        index(record)
    }

    /// Metadata already known for a manifest digest.
    public func metadata(forDigest digest: String) -> ImageMetadata? { byDigest[digest] }

    /// The names of every cached repository.
    public var repositoryNames: [String] { repositories.keys.sorted() }

    /// Forgets repositories (no workload uses them any more); returns the names removed.
    @discardableResult
    public func removeRepositories(where shouldRemove: (String, RepositoryRecord) -> Bool) -> [String] {
        let removed = repositories.filter { shouldRemove($0.key, $0.value) }.map(\.key).sorted()
        guard !removed.isEmpty else { return [] }
        for name in removed { repositories.removeValue(forKey: name) }
        byDigest = [:]
        for record in repositories.values { index(record) }
        return removed
    }

    private func index(_ record: RepositoryRecord) {
        for entry in record.metadata.values { byDigest[entry.metadata.digest] = entry.metadata }
    }
}

import Crypto
import Foundation
import KubernetesModel

/// What the registry says about one tag's image.
public struct ImageMetadata: Sendable, Hashable, Codable {
    /// The digest of what the tag points at (the list/index digest for multi-platform images).
    public var digest: String
    /// The creation time from the chosen platform's image config; `nil` when missing or unusable.
    public var created: Date?
    /// The platform of the image whose config was read; `nil` when the index has none for ours.
    public var platform: Platform?

    public init(digest: String, created: Date?, platform: Platform?) {
        self.digest = digest
        self.created = created
        self.platform = platform
    }
}

extension RegistryClient {
    /// The manifest `reference` (tag or digest) points at, and its digest
    /// (`Docker-Content-Digest`, else the sha256 of the body).
    func manifest(of image: ImageReference, reference: String, keychain: Keychain?) async throws -> (Manifest, String) {
        let response = try await send(
            RegistryRequest(
                image: image, url: baseURL(for: image) + "/v2/\(image.repository)/manifests/\(reference)",
                method: .GET, accept: MediaType.acceptAll, credential: credential(for: image, keychain: keychain),
                reference: reference))
        try response.expectSuccess(image: image, reference: reference)
        let digest =
            response.headers.first(name: "Docker-Content-Digest")
            ?? "sha256:" + SHA256.hash(data: response.body).map { String(format: "%02x", $0) }.joined()
        do {
            return (try Manifest(parsing: response.body, contentType: response.headers.first(name: "Content-Type")), digest)
        } catch {
            throw RegistryError(
                code: .invalidResponse, host: image.registry, repository: image.repository,
                reference: reference, status: response.status, message: "manifest: \(error.reason)")
        }
    }

    /// The digest a tag points at, from a `HEAD` request (cheap; counts against Docker Hub's
    /// limit less than `GET`); `nil` when the registry sends no `Docker-Content-Digest`.
    public func digest(of image: ImageReference, tag: String, keychain: Keychain? = nil) async throws -> String? {
        let response = try await send(
            RegistryRequest(
                image: image, url: baseURL(for: image) + "/v2/\(image.repository)/manifests/\(tag)",
                method: .HEAD, accept: MediaType.acceptAll, credential: credential(for: image, keychain: keychain),
                reference: tag))
        try response.expectSuccess(image: image, reference: tag)
        return response.headers.first(name: "Docker-Content-Digest")
    }

    /// Digest, platform and creation time of `tag`. Lists and indexes resolve to the configured
    /// platform; `known` returns metadata already held for a digest so it is not fetched again.
    public func metadata(
        of image: ImageReference, tag: String, keychain: Keychain? = nil,
        known: @Sendable (String) async -> ImageMetadata? = { _ in nil }
    ) async throws -> ImageMetadata {
        let (manifest, digest) = try await self.manifest(of: image, reference: tag, keychain: keychain)
        if let cached = await known(digest) { return cached }
        switch manifest {
        case .schema1(let created, let architecture):
            return ImageMetadata(
                digest: digest, created: RFC3339.usableCreated(created),
                platform: architecture.map { Platform(os: "linux", architecture: $0) })
        case .image(let configDigest):
            let (created, platform) = try await config(of: image, digest: configDigest, tag: tag, keychain: keychain)
            return ImageMetadata(digest: digest, created: created, platform: platform)
        case .index(let entries):
            guard let entry = entries.entry(for: options.platform) else {
                return ImageMetadata(digest: digest, created: nil, platform: nil)
            }
            let (inner, _) = try await self.manifest(of: image, reference: entry.digest, keychain: keychain)
            guard case .image(let configDigest) = inner else {
                throw RegistryError(
                    code: .invalidResponse, host: image.registry, repository: image.repository,
                    reference: entry.digest, message: "index entry for \(options.platform) is not an image manifest")
            }
            let (created, platform) = try await config(of: image, digest: configDigest, tag: tag, keychain: keychain)
            return ImageMetadata(digest: digest, created: created, platform: platform ?? entry.platform)
        }
    }

    /// Reads `created`, `os` and `architecture` from an image config blob.
    private func config(
        of image: ImageReference, digest: String, tag: String, keychain: Keychain?
    ) async throws -> (Date?, Platform?) {
        let response = try await send(
            RegistryRequest(
                image: image, url: baseURL(for: image) + "/v2/\(image.repository)/blobs/\(digest)",
                method: .GET, accept: "application/json, */*", credential: credential(for: image, keychain: keychain),
                reference: digest))
        try response.expectSuccess(image: image, reference: digest)
        let document: JSONValue
        do {
            document = try JSONValue(parsing: response.body)
        } catch {
            throw RegistryError(
                code: .invalidResponse, host: image.registry, repository: image.repository,
                reference: tag, status: response.status, message: "image config \(digest): \(error.description)")
        }
        var platform: Platform?
        if let os = document["os"]?.stringValue, let architecture = document["architecture"]?.stringValue {
            platform = Platform(os: os, architecture: architecture, variant: document["variant"]?.stringValue)
        }
        return (Self.creationTime(config: document, fromLabels: options.usesLabelTimestamp(image)), platform)
    }

    /// An image config's creation time: `created`, or with `fromLabels`
    /// (`--registry-use-labels`) the `org.opencontainers.image.created` label, else
    /// `org.label-schema.build-date`, when one holds a usable time (Flux v1's rule).
    static func creationTime(config document: JSONValue, fromLabels: Bool) -> Date? {
        let created = RFC3339.usableCreated(document["created"]?.stringValue)
        guard fromLabels, let labels = document["config"]?["Labels"] else { return created }
        return RFC3339.usableCreated(labels["org.opencontainers.image.created"]?.stringValue)
            ?? RFC3339.usableCreated(labels["org.label-schema.build-date"]?.stringValue) ?? created
    }
}

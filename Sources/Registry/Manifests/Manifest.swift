import Foundation
import KubernetesModel

/// Media types the client asks for and understands.
enum MediaType {
    static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    static let ociIndex = "application/vnd.oci.image.index.v1+json"
    static let dockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json"
    static let dockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws"

    /// The `Accept` header for manifest requests, lists and indexes included.
    static let acceptAll = [ociIndex, dockerManifestList, ociManifest, dockerManifest, dockerSchema1Signed]
        .joined(separator: ", ")
}

/// What a manifest response says, reduced to what scanning needs.
enum Manifest: Sendable, Equatable {
    /// A single image: the config blob's digest.
    case image(configDigest: String)
    /// A manifest list or OCI index.
    case index([IndexEntry])
    /// A schema 1 manifest carries the creation time inline (in `history[0].v1Compatibility`).
    case schema1(created: String?, architecture: String?)

    struct IndexEntry: Sendable, Equatable {
        var digest: String
        var platform: Platform?
    }

    /// Interprets a manifest body; `contentType` is the response's `Content-Type`, used when
    /// the body has no `mediaType` (allowed for OCI).
    init(parsing bytes: [UInt8], contentType: String?) throws(ManifestParseError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: bytes)
        } catch {
            throw ManifestParseError(reason: error.description)
        }
        let declared =
            document["mediaType"]?.stringValue
            ?? contentType.flatMap { $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } }
        let schemaVersion = document["schemaVersion"]?.intValue
        if declared == MediaType.dockerSchema1 || declared == MediaType.dockerSchema1Signed || schemaVersion == 1 {
            let compatibility = document["history"]?.arrayValue?.first?["v1Compatibility"]?.stringValue
            let inner = compatibility.flatMap { text -> JSONValue? in
                do { return try JSONValue(parsing: text) } catch { return nil }
            }
            self = .schema1(created: inner?["created"]?.stringValue, architecture: document["architecture"]?.stringValue)
            return
        }
        if let manifests = document["manifests"]?.arrayValue {
            var entries: [IndexEntry] = []
            for item in manifests {
                guard let digest = item["digest"]?.stringValue else {
                    throw ManifestParseError(reason: "index entry without digest")
                }
                var platform: Platform?
                if let os = item[path: ["platform", "os"]]?.stringValue,
                    let architecture = item[path: ["platform", "architecture"]]?.stringValue
                {
                    platform = Platform(os: os, architecture: architecture, variant: item[path: ["platform", "variant"]]?.stringValue)
                }
                entries.append(IndexEntry(digest: digest, platform: platform))
            }
            self = .index(entries)
            return
        }
        guard let config = document[path: ["config", "digest"]]?.stringValue else {
            throw ManifestParseError(reason: "manifest of type \(declared ?? "unknown") has neither config nor manifests")
        }
        self = .image(configDigest: config)
    }
}

struct ManifestParseError: Error, Sendable {
    var reason: String
}

extension [Manifest.IndexEntry] {
    /// The entry for `platform`: an exact match (variant included when both say one), else the
    /// same OS and architecture. `nil` when the index has no image for the platform.
    func entry(for platform: Platform) -> Manifest.IndexEntry? {
        let sameArch = filter { $0.platform?.os == platform.os && $0.platform?.architecture == platform.architecture }
        if let variant = platform.variant, let exact = sameArch.first(where: { $0.platform?.variant == variant }) {
            return exact
        }
        return sameArch.first
    }
}

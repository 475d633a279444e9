import Foundation
import KubernetesModel
import TestSupport

/// Writes images straight into a `docker-registry`'s filesystem storage (distribution 2.8's
/// layout), so a repository of thousands of distinct tags exists in seconds rather than
/// the hour thousands of `skopeo copy` runs take.
///
/// It starts from one image pushed the ordinary way (its layer and config are read from the
/// OCI layout it was pushed from) and adds, per tag, a new config blob (its own `created`
/// time) and a new manifest sharing the pushed layer, with the links the registry follows:
/// `_layers/…/link` for the config, `_manifests/revisions/…/link` for the manifest and
/// `_manifests/tags/<tag>/{current,index/…}/link` for the tag.
struct RegistryStorageWriter {
    /// The registry's `storage.filesystem.rootdirectory`.
    let root: String
    let repository: String
    let layer: JSONValue
    let diffID: String

    /// Reads the seed image of `layoutPath` (its first manifest).
    init(root: String, repository: String, layoutPath: String) throws {
        self.root = root
        self.repository = repository
        let index = try JSONValue(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: layoutPath + "/index.json"))))
        guard let manifestDigest = index["manifests"]?.arrayValue?.first?["digest"]?.stringValue else {
            throw BenchError("\(layoutPath): no manifest in index.json")
        }
        let manifest = try Self.readJSON(layoutPath, manifestDigest)
        guard let layer = manifest["layers"]?.arrayValue?.first, let configDigest = manifest[path: ["config", "digest"]]?.stringValue
        else { throw BenchError("\(layoutPath): manifest without layer or config") }
        let config = try Self.readJSON(layoutPath, configDigest)
        guard let diffID = config[path: ["rootfs", "diff_ids"]]?.arrayValue?.first?.stringValue else {
            throw BenchError("\(layoutPath): config without diff_ids")
        }
        self.layer = layer
        self.diffID = diffID
    }

    /// Adds `tag` → an image created at `created` (RFC 3339).
    func add(tag: String, created: String) throws {
        let config = #"{"created":"\#(created)","architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["\#(diffID)"]}}"#
        let configDigest = try writeBlob(Array(config.utf8))
        try link("_layers/" + Self.path(configDigest), configDigest)
        let layerJSON = layer.serialized()
        let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(configDigest)","size":\#(config.utf8.count)},"layers":[\#(layerJSON)]}"#
        let manifestDigest = try writeBlob(Array(manifest.utf8))
        try link("_manifests/revisions/" + Self.path(manifestDigest), manifestDigest)
        try link("_manifests/tags/\(tag)/current", manifestDigest)
        try link("_manifests/tags/\(tag)/index/" + Self.path(manifestDigest), manifestDigest)
    }

    /// Removes a tag (the seed's, so the repository holds exactly the written ones).
    func remove(tag: String) throws {
        try FileManager.default.removeItem(atPath: repositoryPath + "/_manifests/tags/\(tag)")
    }

    private var repositoryPath: String { root + "/docker/registry/v2/repositories/" + repository }

    private func writeBlob(_ bytes: [UInt8]) throws -> String {
        let digest = OCIImageLayout.digest(bytes)
        let hex = String(digest.dropFirst("sha256:".count))
        let directory = root + "/docker/registry/v2/blobs/sha256/\(hex.prefix(2))/\(hex)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/data"))
        return digest
    }

    private func link(_ relative: String, _ digest: String) throws {
        let directory = repositoryPath + "/" + relative
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(digest.utf8).write(to: URL(fileURLWithPath: directory + "/link"))
    }

    /// `sha256/<hex>` of a digest.
    private static func path(_ digest: String) -> String { digest.replacingOccurrences(of: ":", with: "/") }

    private static func readJSON(_ layoutPath: String, _ digest: String) throws -> JSONValue {
        let file = layoutPath + "/blobs/" + path(digest)
        return try JSONValue(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: file))))
    }
}

import CommandRunner
import Crypto
import Foundation

/// One single-platform image for `OCIImageLayout`: a config with the given `created` time and
/// platform, and one tiny layer.
public struct OCITestImage: Sendable {
    public var created: String
    public var architecture: String
    public var os: String
    /// The text of the one file in the layer; different content gives different layer digests.
    public var content: String

    public init(created: String, architecture: String = "amd64", os: String = "linux", content: String = "hello") {
        self.created = created
        self.architecture = architecture
        self.os = os
        self.content = content
    }
}

/// Writes OCI image layouts (`oci-layout`, `index.json`, `blobs/sha256/…`) by hand and pushes
/// them to a registry with `skopeo copy`, so registry tests use real images with known
/// creation times and platforms.
public struct OCIImageLayout: Sendable {
    public let path: String

    /// Creates an empty layout at `path`.
    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: "\(path)/blobs/sha256", withIntermediateDirectories: true)
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: URL(fileURLWithPath: "\(path)/oci-layout"))
        if !FileManager.default.fileExists(atPath: "\(path)/index.json") {
            try writeIndex([])
        }
    }

    /// Adds `image` under `tag`; returns the manifest digest.
    @discardableResult
    public func add(_ image: OCITestImage, tag: String) async throws -> String {
        let (digest, size) = try await writeManifest(image)
        try addReference(tag: tag, mediaType: "application/vnd.oci.image.manifest.v1+json", digest: digest, size: size)
        return digest
    }

    /// Adds a multi-platform OCI index of `images` under `tag`; returns the index digest.
    @discardableResult
    public func addIndex(_ images: [OCITestImage], tag: String) async throws -> String {
        var entries: [String] = []
        for image in images {
            let (digest, size) = try await writeManifest(image)
            entries.append(
                #"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(digest)","size":\#(size),"platform":{"architecture":"\#(image.architecture)","os":"\#(image.os)"}}"#
            )
        }
        let index =
            #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[\#(entries.joined(separator: ","))]}"#
        let (digest, size) = try writeBlob(Array(index.utf8))
        try addReference(tag: tag, mediaType: "application/vnd.oci.image.index.v1+json", digest: digest, size: size)
        return digest
    }

    /// `skopeo copy --all` of `tag` to `destination` (`127.0.0.1:PORT/repo:tag`) over plain HTTP.
    public func push(tag: String, to destination: String, credentials: String? = nil) async throws {
        var arguments = ["copy", "--all", "--dest-tls-verify=false", "--retry-times", "0"]
        if let credentials { arguments += ["--dest-creds", credentials] }
        arguments += ["oci:\(path):\(tag)", "docker://\(destination)"]
        let result = try await Command.run(try Tools.require("skopeo"), arguments: arguments, timeout: .seconds(120))
        guard result.succeeded else {
            throw PushError(message: "skopeo copy \(tag) → \(destination) failed: \(result.standardError)")
        }
    }

    public struct PushError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    // MARK: blobs

    private func writeManifest(_ image: OCITestImage) async throws -> (String, Int) {
        let (layerDigest, layerSize, diffID) = try await writeLayer(content: image.content)
        let config =
            #"{"created":"\#(image.created)","architecture":"\#(image.architecture)","os":"\#(image.os)","config":{},"rootfs":{"type":"layers","diff_ids":["\#(diffID)"]}}"#
        let (configDigest, configSize) = try writeBlob(Array(config.utf8))
        let manifest =
            #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(configDigest)","size":\#(configSize)},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"\#(layerDigest)","size":\#(layerSize)}]}"#
        return try writeBlob(Array(manifest.utf8))
    }

    /// A gzip'd tar with one file; returns (digest, size, diff_id of the uncompressed tar).
    private func writeLayer(content: String) async throws -> (String, Int, String) {
        let work = try TemporaryDirectory(prefix: "layer")
        defer { work.remove() }
        try work.write("root/hello.txt", content)
        let tar = "\(work.path)/layer.tar"
        let tarResult = try await Command.run(
            "tar", arguments: ["--mtime=@0", "--owner=0", "--group=0", "-cf", tar, "-C", "\(work.path)/root", "hello.txt"],
            timeout: .seconds(30))
        guard tarResult.succeeded else { throw PushError(message: "tar failed: \(tarResult.standardError)") }
        let uncompressed = try Data(contentsOf: URL(fileURLWithPath: tar))
        let gzipResult = try await Command.run("gzip", arguments: ["-n", "-f", tar], timeout: .seconds(30))
        guard gzipResult.succeeded else { throw PushError(message: "gzip failed: \(gzipResult.standardError)") }
        let compressed = try Data(contentsOf: URL(fileURLWithPath: tar + ".gz"))
        let (digest, size) = try writeBlob(Array(compressed))
        return (digest, size, Self.digest(Array(uncompressed)))
    }

    private func writeBlob(_ bytes: [UInt8]) throws -> (String, Int) {
        let digest = Self.digest(bytes)
        let file = "\(path)/blobs/sha256/\(digest.dropFirst("sha256:".count))"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return (digest, bytes.count)
    }

    /// `sha256:<hex>` of `bytes`.
    public static func digest(_ bytes: [UInt8]) -> String {
        "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    private func addReference(tag: String, mediaType: String, digest: String, size: Int) throws {
        var entries = try readIndex().filter { $0.tag != tag }
        entries.append((tag, mediaType, digest, size))
        try writeIndex(entries)
    }

    private func readIndex() throws -> [(tag: String, mediaType: String, digest: String, size: Int)] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(path)/index.json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let manifests = object["manifests"] as? [[String: Any]]
        else { return [] }
        return manifests.compactMap { entry in
            guard let mediaType = entry["mediaType"] as? String, let digest = entry["digest"] as? String,
                let size = entry["size"] as? Int,
                let tag = (entry["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"]
            else { return nil }
            return (tag, mediaType, digest, size)
        }
    }

    private func writeIndex(_ entries: [(tag: String, mediaType: String, digest: String, size: Int)]) throws {
        let items = entries.map {
            #"{"mediaType":"\#($0.mediaType)","digest":"\#($0.digest)","size":\#($0.size),"annotations":{"org.opencontainers.image.ref.name":"\#($0.tag)"}}"#
        }
        let text = #"{"schemaVersion":2,"manifests":[\#(items.joined(separator: ","))]}"#
        try Data(text.utf8).write(to: URL(fileURLWithPath: "\(path)/index.json"))
    }
}

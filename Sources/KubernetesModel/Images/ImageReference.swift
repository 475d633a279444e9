/// A container image reference as written in a manifest: `[registry[:port]/]path[:tag][@digest]`.
///
/// Parsing follows the Docker reference grammar: the first path component is a registry host
/// when it contains `.` or `:` or is `localhost`; otherwise the image lives on Docker Hub,
/// where single-component names gain the `library/` namespace (`nginx` means
/// `docker.io/library/nginx`). The written form is remembered, so `withTag` keeps a reference
/// looking the way its author wrote it (`nginx:1.0` → `nginx:1.1`, not
/// `docker.io/library/nginx:1.1`). Image automation and releases share this type.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    /// The Docker Hub registry name used after normalisation.
    public static let dockerHub = "docker.io"
    /// Host names that all mean Docker Hub.
    public static let dockerHubAliases: Set<String> = ["docker.io", "index.docker.io", "registry-1.docker.io"]

    /// The registry as written (`localhost:5000`, `ghcr.io`), or `nil` when implicit (Docker Hub).
    public var writtenRegistry: String?
    /// The repository path as written (`nginx`, `org/app`).
    public var writtenPath: String
    /// The tag, if any (`1.0`).
    public var tag: String?
    /// The digest, if any (`sha256:…`).
    public var digest: String?

    public init(writtenRegistry: String?, writtenPath: String, tag: String?, digest: String?) {
        self.writtenRegistry = writtenRegistry
        self.writtenPath = writtenPath
        self.tag = tag
        self.digest = digest
    }

    /// Parses a reference; throws when it is not a valid image reference.
    public init(parsing text: String) throws(ImageReferenceError) {
        guard !text.isEmpty else { throw ImageReferenceError(reference: text, reason: "empty image reference") }
        guard !text.contains(where: { $0.isWhitespace }) else {
            throw ImageReferenceError(reference: text, reason: "contains whitespace")
        }
        var rest = Substring(text)
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            let value = String(rest[rest.index(after: at)...])
            guard Self.isValidDigest(value) else {
                throw ImageReferenceError(reference: text, reason: "invalid digest \"\(value)\"")
            }
            digest = value
            rest = rest[..<at]
        }
        var registry: String?
        if let slash = rest.firstIndex(of: "/") {
            let first = rest[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" {
                registry = String(first)
                rest = rest[rest.index(after: slash)...]
            }
        }
        var tag: String?
        if let colon = rest.lastIndex(of: ":") {
            let value = String(rest[rest.index(after: colon)...])
            guard Self.isValidTag(value) else {
                throw ImageReferenceError(reference: text, reason: "invalid tag \"\(value)\"")
            }
            tag = value
            rest = rest[..<colon]
        }
        let path = String(rest)
        guard Self.isValidPath(path) else {
            throw ImageReferenceError(reference: text, reason: "invalid repository name \"\(path)\"")
        }
        if let registry, registry.isEmpty || registry.hasPrefix(":") || registry.hasSuffix(":") {
            throw ImageReferenceError(reference: text, reason: "invalid registry \"\(registry)\"")
        }
        self.init(writtenRegistry: registry, writtenPath: path, tag: tag, digest: digest)
    }

    /// An image to release (`fluxctl release -i`): a reference with a tag or a digest. Flux v1
    /// refused a bare repository too ("blank tag (if you want latest, explicitly state the tag
    /// :latest)", `pkg/update/release_image.go`).
    public init(releasing text: String) throws(ImageReferenceError) {
        try self.init(parsing: text)
        guard tag != nil || digest != nil else {
            throw ImageReferenceError(
                reference: text, reason: "no tag (to release the tag latest, give it explicitly: repository:latest)")
        }
    }

    /// The registry after normalisation: Docker Hub aliases become `docker.io`.
    public var registry: String {
        guard let writtenRegistry else { return Self.dockerHub }
        return Self.dockerHubAliases.contains(writtenRegistry) ? Self.dockerHub : writtenRegistry
    }

    /// Whether the image lives on Docker Hub.
    public var isDockerHub: Bool { registry == Self.dockerHub }

    /// The repository path after normalisation (`nginx` → `library/nginx` on Docker Hub).
    public var repository: String {
        if isDockerHub && !writtenPath.contains("/") { return "library/" + writtenPath }
        return writtenPath
    }

    /// The fully qualified repository name without tag or digest (`docker.io/library/nginx`).
    public var canonicalName: String { registry + "/" + repository }

    /// The canonical name as Flux v1 spelled it (`index.docker.io/library/nginx` for Docker Hub,
    /// else `canonicalName`): what Flux v1's `--registry-exclude-image` and
    /// `--registry-use-labels` globs were matched against, so its defaults
    /// (`index.docker.io/weaveworks/*`) and users' globs keep matching.
    public var fluxV1CanonicalName: String {
        isDockerHub ? "index.docker.io/" + repository : canonicalName
    }

    /// The repository name as written, without tag or digest (`nginx`, `localhost:5000/app`).
    public var name: String {
        guard let writtenRegistry else { return writtenPath }
        return writtenRegistry + "/" + writtenPath
    }

    /// The reference in its written form.
    public var description: String {
        var result = name
        if let tag { result += ":" + tag }
        if let digest { result += "@" + digest }
        return result
    }

    /// The same repository, written the same way, with another tag and no digest.
    public func withTag(_ newTag: String) -> ImageReference {
        ImageReference(writtenRegistry: writtenRegistry, writtenPath: writtenPath, tag: newTag, digest: nil)
    }

    /// Whether two references name the same repository once normalised (tags ignored).
    public func isSameRepository(as other: ImageReference) -> Bool {
        canonicalName == other.canonicalName
    }

    static func isValidTag(_ tag: String) -> Bool {
        guard let first = tag.utf8.first, tag.utf8.count <= 128 else { return false }
        guard isWordByte(first) else { return false }
        return tag.utf8.allSatisfy { isWordByte($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    static func isValidDigest(_ digest: String) -> Bool {
        let parts = digest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].utf8.count >= 32 else { return false }
        let algorithmOK = parts[0].utf8.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".")
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
        let hexOK = parts[1].utf8.allSatisfy {
            ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
                || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F"))
        }
        return algorithmOK && hexOK
    }

    static func isValidPath(_ path: String) -> Bool {
        guard !path.isEmpty else { return false }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            guard let first = component.utf8.first, let last = component.utf8.last,
                isLowerAlphanumeric(first), isLowerAlphanumeric(last)
            else { return false }
            let ok = component.utf8.allSatisfy {
                isLowerAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                    || $0 == UInt8(ascii: "-")
            }
            guard ok else { return false }
        }
        return true
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "_")
    }
}

/// Why a string is not a valid image reference.
public struct ImageReferenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text that failed to parse.
    public var reference: String
    public var reason: String

    public init(reference: String, reason: String) {
        self.reference = reference
        self.reason = reason
    }

    public var description: String { "invalid image reference \"\(reference)\": \(reason)" }
}

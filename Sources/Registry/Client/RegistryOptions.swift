import KubernetesModel

/// An OS/architecture pair chosen from manifest lists and OCI indexes.
public struct Platform: Sendable, Hashable, Codable, CustomStringConvertible {
    public var os: String
    public var architecture: String
    public var variant: String?

    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    public static let linuxAMD64 = Platform(os: "linux", architecture: "amd64")

    /// Parses `os/arch[/variant]` (`linux/arm64/v8`).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/").map(String.init)
        guard (2...3).contains(parts.count) else { return nil }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    public var description: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }
}

/// How the registry client behaves: the `--registry-*` and `--docker-config` flags of fluxd.
public struct RegistryOptions: Sendable {
    /// Sustained requests per second per registry host (`--registry-rps`).
    public var requestsPerSecond: Double = 50
    /// Requests allowed at once above the sustained rate (`--registry-burst`).
    public var burst: Int = 25
    /// Hosts (`host[:port]`) reached over plain HTTP (`--registry-insecure-host`); HTTPS otherwise.
    public var insecureHosts: Set<String> = []
    /// Globs over image names that are never scanned (`--registry-exclude-image`).
    public var excludeImages: [String] = []
    /// The platform whose image is read from multi-platform lists and indexes.
    public var platform: Platform = .linuxAMD64
    /// Credentials by registry host (`--docker-config` plus pull secrets).
    public var keychain = Keychain()
    /// How long to keep trying to connect (async-http-client retries refused connections
    /// until then, so this bounds how long a registry that is down takes to fail).
    public var connectTimeout: Duration = .seconds(5)
    /// Deadline of each HTTP request, body included.
    public var requestTimeout: Duration = .seconds(30)
    /// Requests in flight at once per registry host.
    public var maxConcurrentRequestsPerHost: Int = 8
    /// Retries after 429/`TOOMANYREQUESTS` or 5xx before the image's scan fails.
    public var maxRetries: Int = 4
    /// Longest wait honoured from `Retry-After` (and cap of the exponential back-off).
    public var maxBackoff: Duration = .seconds(60)
    /// Page size asked for in `tags/list` (`?n=`); `nil` lets the registry choose.
    public var tagPageSize: Int? = 1000
    /// Globs over image names whose creation time is taken from the image's labels
    /// (`org.opencontainers.image.created`, else `org.label-schema.build-date`) when they hold
    /// one (`--registry-use-labels`, as Flux v1's timestamp-label whitelist).
    public var labelTimestampImages: [String] = []

    public init() {}

    /// Whether `image` takes its creation time from labels: a `labelTimestampImages` glob
    /// matches its canonical name, or the name Flux v1 used (`index.docker.io/...` for Docker Hub).
    public func usesLabelTimestamp(_ image: ImageReference) -> Bool {
        labelTimestampImages.contains { Self.matches($0, image) }
    }

    /// Whether `image` matches an `--registry-exclude-image` glob.
    public func isExcluded(_ image: ImageReference) -> Bool {
        excludeImages.contains { Self.matches($0, image) }
    }

    /// Whether an image-name glob matches `image`: by its canonical name (`docker.io/library/nginx`),
    /// the name Flux v1 matched (`index.docker.io/library/nginx`, `pkg/cluster/kubernetes/images.go`),
    /// or its name as written (`nginx`). Tags and digests are not part of the name.
    public static func matches(_ pattern: String, _ image: ImageReference) -> Bool {
        Glob.matches(pattern: pattern, image.canonicalName) || Glob.matches(pattern: pattern, image.fluxV1CanonicalName)
            || Glob.matches(pattern: pattern, image.name)
    }

    /// The scheme used for `host`.
    func scheme(for host: String) -> String { insecureHosts.contains(host) ? "http" : "https" }
}

extension ImageReference {
    /// The host that serves the registry API: Docker Hub's API lives at `registry-1.docker.io`.
    public var registryAPIHost: String { isDockerHub ? "registry-1.docker.io" : registry }
}

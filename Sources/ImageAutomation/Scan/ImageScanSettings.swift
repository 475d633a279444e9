import KubernetesModel
import Registry

/// Why the image scanning flags cannot be used.
public struct ImageScanSettingsError: Error, Sendable, CustomStringConvertible {
    /// The flag at fault (`--automation-interval`, `--docker-config`).
    public var flag: String
    public var reason: String
    public var description: String { "\(flag): \(reason)" }
}

/// How image scanning runs: built from fluxd's flags (`--automation-interval`,
/// `--registry-rps`, `--registry-burst`, `--registry-exclude-image`,
/// `--registry-insecure-host`, `--docker-config`, `--k8s-allow-namespace`).
///
/// The scan cache is persisted as a JSON file (`cacheFile`, under the daemon's state
/// directory, e.g. an `emptyDir`), not in a ConfigMap: one repository of 5,000 tags with
/// metadata is about 1 MiB of JSON, the most a ConfigMap may hold. A file survives container
/// restarts; after a pod moves, the first pass scans everything once.
public struct ImageScanSettings: Sendable {
    /// How often image automation runs (`--automation-interval`); scan passes run at least
    /// this often.
    public var automationInterval: Duration
    /// The time between scan passes. Each pass lists the workloads and asks the registry
    /// only about repositories that are due under `refresh`, so a short interval is cheap.
    public var scanInterval: Duration
    /// The registry client's settings: rate limits, plain-HTTP hosts, exclusions, and the
    /// `--docker-config` keychain.
    public var registry: RegistryOptions
    /// Per-repository adaptive rescan intervals.
    public var refresh: RefreshSchedule
    /// Namespaces whose workloads are scanned (`--k8s-allow-namespace`); empty: all.
    public var allowedNamespaces: [String]
    /// Where the scan cache is persisted; `nil` keeps it in memory (a restart rescans).
    public var cacheFile: String?
    /// How long a repository no workload uses any more stays in the cache (a workload briefly
    /// gone during a redeploy should not cost a full rescan); then it is forgotten.
    public var cacheRetention: Duration
    /// Read tag metadata (digest, creation time) for every repository, not only those a
    /// glob or regex policy orders by time; for listing images with their dates.
    public var metadataForAllImages: Bool
    /// Globs of `--registry-include-image`: when any is given, only matching images are
    /// scanned (less any excluded), as Flux v1 did.
    public var includeImages: [String] = []

    /// Defaults: automation every 5 minutes, a pass every minute, no cache file.
    public init() {
        automationInterval = .seconds(300)
        scanInterval = .seconds(60)
        registry = RegistryOptions()
        refresh = RefreshSchedule()
        allowedNamespaces = []
        cacheFile = nil
        cacheRetention = .seconds(24 * 3600)
        metadataForAllImages = false
    }

    /// Settings from fluxd's flag values. List flags may repeat and hold comma-separated
    /// values. The pass interval is one minute, or the automation interval when shorter;
    /// repositories are rescanned between that and an hour apart (see `RefreshSchedule`).
    /// `stateDirectory` holds the cache file (`image-cache.json`).
    public init(
        automationInterval: String = "5m", registryRPS: Double = 50, registryBurst: Int = 10,
        registryExcludeImage: [String] = [], registryInsecureHost: [String] = [], dockerConfig: String? = nil,
        allowedNamespaces: [String] = [], stateDirectory: String? = nil
    ) throws(ImageScanSettingsError) {
        self.init()
        guard let interval = GoDuration(parsing: automationInterval)?.duration, interval > .zero else {
            throw ImageScanSettingsError(
                flag: "--automation-interval", reason: "invalid duration \"\(automationInterval)\" (e.g. 30s, 5m)")
        }
        guard registryRPS > 0 else {
            throw ImageScanSettingsError(flag: "--registry-rps", reason: "must be positive, got \(registryRPS)")
        }
        guard registryBurst > 0 else {
            throw ImageScanSettingsError(flag: "--registry-burst", reason: "must be positive, got \(registryBurst)")
        }
        self.automationInterval = interval
        scanInterval = min(interval, .seconds(60))
        refresh = RefreshSchedule(minimum: scanInterval, maximum: max(.seconds(3600), scanInterval))
        registry.requestsPerSecond = registryRPS
        registry.burst = registryBurst
        registry.excludeImages = Self.flatten(registryExcludeImage)
        registry.insecureHosts = Set(Self.flatten(registryInsecureHost))
        if let dockerConfig {
            do {
                registry.keychain = try Keychain.load(dockerConfigAt: dockerConfig)
            } catch {
                throw ImageScanSettingsError(flag: "--docker-config", reason: error.description)
            }
        }
        self.allowedNamespaces = Self.flatten(allowedNamespaces)
        cacheFile = stateDirectory.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + "image-cache.json" }
    }

    /// Whether an image is never scanned: an `--registry-exclude-image` glob matches its name
    /// (canonical, `docker.io/library/nginx`; as Flux v1 spelled it, `index.docker.io/library/nginx`;
    /// or as written, `nginx`: `RegistryOptions.matches`) or the whole reference as written
    /// (`nginx:1.25`), or `--registry-include-image` globs are given and none matches.
    public func isExcluded(_ image: ImageReference) -> Bool {
        if registry.isExcluded(image) || registry.excludeImages.contains(where: { Glob.matches(pattern: $0, image.description) }) {
            return true
        }
        guard !includeImages.isEmpty else { return false }
        return !includeImages.contains {
            RegistryOptions.matches($0, image) || Glob.matches(pattern: $0, image.description)
        }
    }

    static func flatten(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}

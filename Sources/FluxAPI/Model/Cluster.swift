import Foundation

/// `GET /version`.
public struct VersionInfo: Codable, Sendable, Hashable {
    public var version: String
    /// The repository fluxd syncs (credentials redacted), its branch and paths.
    public var gitURL: String?
    public var gitBranch: String?
    public var gitPaths: [String]?
    public var gitReadonly: Bool?

    public init(version: String, gitURL: String? = nil, gitBranch: String? = nil, gitPaths: [String]? = nil, gitReadonly: Bool? = nil) {
        self.version = version
        self.gitURL = gitURL
        self.gitBranch = gitBranch
        self.gitPaths = gitPaths
        self.gitReadonly = gitReadonly
    }
}

/// `GET /identity`: the SSH deploy key to add to the git host.
public struct IdentityInfo: Codable, Sendable, Hashable {
    /// `ssh-ed25519 AAAA… comment`.
    public var publicKey: String
    /// `SHA256:…`.
    public var fingerprint: String
    /// The `ssh-keygen -lv` picture of the key.
    public var randomArt: String

    public init(publicKey: String, fingerprint: String, randomArt: String) {
        self.publicKey = publicKey
        self.fingerprint = fingerprint
        self.randomArt = randomArt
    }
}

/// `GET /workloads`: one workload running in the cluster.
public struct WorkloadStatus: Codable, Sendable, Hashable {
    /// `namespace:kind/name`.
    public var id: String
    public var containers: [ContainerStatus]
    public var rollout: RolloutStatus
    /// Policy annotations without prefix (`automated`, `locked`, `tag.web`, `ignore`).
    public var policies: [String: String]
    /// Policy annotations that cannot be used (an invalid tag pattern, a pattern for a
    /// container the workload lacks), each naming the workload and annotation; absent when none.
    public var policyErrors: [String]?
    /// The workload's health by kstatus's rules (`Current`, `InProgress`, `Failed`, …).
    public var health: HealthSummary?

    public init(
        id: String, containers: [ContainerStatus], rollout: RolloutStatus, policies: [String: String],
        policyErrors: [String]? = nil, health: HealthSummary? = nil
    ) {
        self.id = id
        self.containers = containers
        self.rollout = rollout
        self.policies = policies
        self.policyErrors = policyErrors
        self.health = health
    }
}

public struct ContainerStatus: Codable, Sendable, Hashable {
    public var name: String
    public var image: String
    public var isInit: Bool

    public init(name: String, image: String, isInit: Bool = false) {
        self.name = name
        self.image = image
        self.isInit = isInit
    }
}

/// How far the workload's controller got with its current spec.
public struct RolloutStatus: Codable, Sendable, Hashable {
    /// `ready`, `updating`, or `unknown` (no status reported yet).
    public var state: String
    public var desired: Int?
    public var ready: Int?
    public var updated: Int?
    public var message: String?

    public init(state: String, desired: Int? = nil, ready: Int? = nil, updated: Int? = nil, message: String? = nil) {
        self.state = state
        self.desired = desired
        self.ready = ready
        self.updated = updated
        self.message = message
    }
}

/// `GET /images`: the images of one workload and the tags available for them.
public struct WorkloadImages: Codable, Sendable, Hashable {
    public var id: String
    public var containers: [ContainerImages]

    public init(id: String, containers: [ContainerImages]) {
        self.id = id
        self.containers = containers
    }
}

public struct ContainerImages: Codable, Sendable, Hashable {
    public var name: String
    /// The image the container runs.
    public var current: String
    /// The repository the tags belong to (`registry/path`).
    public var repository: String
    /// The workload's tag policy for this container (`glob:*` when none).
    public var policy: String
    /// Whether scan results exist for the repository; when false, `available` is empty.
    public var scanned: Bool
    /// Tags allowed by the policy, newest first.
    public var available: [ImageTag]
    /// Why scanning the repository failed, when it did.
    public var error: String?
    /// Why the container's tag policy cannot be used (then `available` is empty and
    /// automation leaves the container alone).
    public var policyError: String?

    public init(
        name: String, current: String, repository: String, policy: String, scanned: Bool, available: [ImageTag],
        error: String? = nil, policyError: String? = nil
    ) {
        self.name = name
        self.current = current
        self.repository = repository
        self.policy = policy
        self.scanned = scanned
        self.available = available
        self.error = error
        self.policyError = policyError
    }
}

public struct ImageTag: Codable, Sendable, Hashable {
    public var tag: String
    public var digest: String?
    public var created: Date?

    public init(tag: String, digest: String? = nil, created: Date? = nil) {
        self.tag = tag
        self.digest = digest
        self.created = created
    }
}

/// The body of every error response.
public struct APIErrorBody: Codable, Sendable, Hashable {
    public var message: String

    public init(message: String) { self.message = message }
}

/// Who asked for a change, and why: becomes the commit's author (with `--git-set-author`)
/// and message.
public struct Cause: Codable, Sendable, Hashable {
    /// `Name <email>` or a bare name.
    public var user: String?
    /// Replaces the generated commit message when given (`-m`).
    public var message: String?

    public init(user: String? = nil, message: String? = nil) {
        self.user = user
        self.message = message
    }
}

/// `POST /releases`: change image references in git.
public struct ReleaseRequest: Codable, Sendable, Hashable {
    /// Workload IDs (`namespace:kind/name`); ignored when `all` is set.
    public var workloads: [String]
    public var all: Bool
    /// `repository:tag`: set every matching container to it. Exclusive with `updateAllImages`.
    public var image: String?
    /// Set every container to the newest tag its policy allows (from the image scan).
    public var updateAllImages: Bool
    public var exclude: [String]
    /// Release locked workloads too.
    public var force: Bool
    /// Plan only: report the changes, commit nothing.
    public var dryRun: Bool
    public var cause: Cause
    /// Release only these changes of the plan (`fluxctl release --interactive`, Flux v1's
    /// container specs): each must still be planned as given (same current and new image),
    /// else the release fails and nothing is committed. `nil`: every planned change.
    public var containers: [ImageChange]?

    public init(
        workloads: [String] = [], all: Bool = false, image: String? = nil, updateAllImages: Bool = false,
        exclude: [String] = [], force: Bool = false, dryRun: Bool = false, cause: Cause = Cause(),
        containers: [ImageChange]? = nil
    ) {
        self.workloads = workloads
        self.all = all
        self.image = image
        self.updateAllImages = updateAllImages
        self.exclude = exclude
        self.force = force
        self.dryRun = dryRun
        self.cause = cause
        self.containers = containers
    }
}

/// One container's image changing from one reference to another.
public struct ImageChange: Codable, Sendable, Hashable {
    public var workload: String
    public var container: String
    public var from: String
    public var to: String

    public init(workload: String, container: String, from: String, to: String) {
        self.workload = workload
        self.container = container
        self.from = from
        self.to = to
    }
}

/// A workload a release did not change, and why (locked, excluded, up to date, …).
public struct SkippedWorkload: Codable, Sendable, Hashable {
    public var workload: String
    /// Flux v1's status: `skipped` (the release would have changed it but may not) or
    /// `ignored` (the release has nothing to do with it); absent means `skipped`.
    public var status: String?
    public var reason: String

    public init(workload: String, status: String? = nil, reason: String) {
        self.workload = workload
        self.status = status
        self.reason = reason
    }
}

/// `POST /policies`: change `fluxcd.io/*` annotations of workloads in git.
public struct PolicyRequest: Codable, Sendable, Hashable {
    public var updates: [PolicyUpdate]
    public var cause: Cause

    public init(updates: [PolicyUpdate], cause: Cause = Cause()) {
        self.updates = updates
        self.cause = cause
    }
}

/// Policies to set and remove on one workload. Names are without the `fluxcd.io/` prefix:
/// `automated`, `locked`, `locked_user`, `locked_msg`, `tag.<container>`, and `tag_all`
/// (a tag pattern for every container of the workload).
public struct PolicyUpdate: Codable, Sendable, Hashable {
    public var workload: String
    public var add: [String: String]
    public var remove: [String]

    public init(workload: String, add: [String: String] = [:], remove: [String] = []) {
        self.workload = workload
        self.add = add
        self.remove = remove
    }
}

import ImagePolicy

/// A workload's Flux policy annotations, read the way Flux v1 reads them: under `fluxcd.io/`,
/// the old `flux.weave.works/` prefix (used only where `fluxcd.io/` says nothing), and the
/// tag filter form `filter.fluxcd.io/<container>`.
public struct WorkloadPolicies: Sendable, Hashable {
    public static let prefix = "fluxcd.io/"
    public static let alternatePrefix = "flux.weave.works/"
    public static let filterPrefix = "filter.fluxcd.io/"

    /// `automated: "true"`: image automation may update this workload.
    public var automated: Bool
    /// `locked: "true"`: neither automation nor a release without `--force` may touch it.
    public var locked: Bool
    public var lockedUser: String?
    public var lockedMessage: String?
    /// The raw tag policies by container name (`tag.<container>` values, e.g. `semver:~1.2`).
    public var tagPatterns: [String: String]

    public init(automated: Bool = false, locked: Bool = false, lockedUser: String? = nil, lockedMessage: String? = nil,
        tagPatterns: [String: String] = [:])
    {
        self.automated = automated
        self.locked = locked
        self.lockedUser = lockedUser
        self.lockedMessage = lockedMessage
        self.tagPatterns = tagPatterns
    }

    /// Reads the policies from `metadata.annotations`. Boolean policies count only when their
    /// value is exactly `"true"`, as in Flux v1.
    public init(annotations: [String: String]) {
        // Policy name → value, the old prefix first so that `fluxcd.io/` overrides it.
        var values: [String: String] = [:]
        for (key, value) in annotations where key.hasPrefix(Self.alternatePrefix) {
            values[String(key.dropFirst(Self.alternatePrefix.count))] = value
        }
        for (key, value) in annotations where key.hasPrefix(Self.filterPrefix) {
            values["tag." + key.dropFirst(Self.filterPrefix.count)] = value
        }
        for (key, value) in annotations where key.hasPrefix(Self.prefix) {
            values[String(key.dropFirst(Self.prefix.count))] = value
        }
        var tags: [String: String] = [:]
        for (name, value) in values where name.hasPrefix("tag.") && name.count > 4 {
            tags[String(name.dropFirst(4))] = value
        }
        self.init(
            automated: values["automated"] == "true", locked: values["locked"] == "true",
            lockedUser: values["locked_user"], lockedMessage: values["locked_msg"], tagPatterns: tags)
    }

    /// The tag policy of a container: its `tag.<container>` annotation, else `glob:*`.
    public func tagPolicy(for container: String) throws(TagPolicyError) -> TagPolicy {
        guard let pattern = tagPatterns[container] else { return .all }
        return try TagPolicy(parsing: pattern)
    }
}

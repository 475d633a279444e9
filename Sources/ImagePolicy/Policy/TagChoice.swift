import KubernetesModel

/// What one container may run under its workload's policies, given its repository's tags:
/// the one "newest allowed tag" decision that `list-images`, image automation and
/// `release --update-all-images` share.
public struct TagChoice: Sendable, Hashable {
    /// The container's tag policy (`glob:*` when it has none), or why its pattern cannot be used.
    public var policy: Result<TagPolicy, PolicyError>
    /// Tags the policy accepts, newest first (by version for semver, by creation time for
    /// glob and regex, tags without a time last); empty for an invalid policy.
    public var available: [TagInfo]
    /// The tag to release: the newest accepted tag when it differs from the current one;
    /// `nil` when nothing is accepted, when ordering needs creation times and the newest has
    /// none, or when the policy is invalid.
    public var newest: String?

    /// - Parameters:
    ///   - container: the container's name (its `tag.<container>` policy applies).
    ///   - currentTag: the tag it runs now.
    ///   - tags: the repository's tags from the latest scan.
    ///   - automation: choose as image automation does: a policy ordering by time releases
    ///     nothing while the current tag's time is unknown (`TagPolicy.newestAllowed`).
    public init(container: String, currentTag: String?, policies: WorkloadPolicies, tags: [TagInfo], automation: Bool = false) {
        policy = policies.tagPolicy(for: container)
        guard case .success(let tagPolicy) = policy else {
            available = []
            newest = nil
            return
        }
        available = tagPolicy.ordered(tags)
        newest = tagPolicy.newestAllowed(tags: tags, current: currentTag, requireCurrentTime: automation)
    }

    /// The policy as shown to users: `semver:~1.2`, `glob:*`, or the invalid value as written.
    public var policyText: String {
        switch policy {
        case .success(let policy): policy.description
        case .failure(let error): error.value ?? ""
        }
    }
}

import KubernetesModel

/// A workload's Flux policies, read once from its annotations and validated: the one reader
/// that sync, scanning, automation, release, the API and fluxctl share.
///
/// Reading never fails: a tag pattern that cannot be used is kept with its error
/// (`tagPolicy(for:)` returns it, `errors` lists every one), so the workload is still listed
/// and its other containers still automated, and the error names the workload and annotation.
public struct WorkloadPolicies: Sendable, Hashable {
    /// The workload the annotations belong to, for error messages.
    public var workload: WorkloadID?
    /// `automated: "true"`: image automation may update this workload.
    public var automated: Bool
    /// `locked: "true"`: neither automation nor a release without `--force` may touch it.
    public var locked: Bool
    public var lockedUser: String?
    public var lockedMessage: String?
    /// `ignore`: whether fluxd applies and prunes the object.
    public var ignore: IgnorePolicy
    /// Tag patterns by container name.
    public var tags: [String: TagPattern]
    /// Every policy as written, by name without prefix (`automated`, `tag.web`), as the API
    /// reports them.
    public var values: [String: String]

    /// Reads the policies from `metadata.annotations` (see `PolicyAnnotation` for prefixes and
    /// precedence). Boolean policies count only when their value is exactly `"true"`.
    public init(annotations: [String: String], workload: WorkloadID? = nil) {
        var keys: [PolicyName: String] = [:]
        for key in annotations.keys {
            guard let policy = PolicyAnnotation.policy(forKey: key), keys[policy] == nil else { continue }
            keys[policy] = PolicyAnnotation.existingKey(for: policy, in: annotations)
        }
        var values: [String: String] = [:]
        var tags: [String: TagPattern] = [:]
        for (policy, key) in keys {
            guard let value = annotations[key] else { continue }
            values[policy.name] = value
            if case .tag(let container) = policy { tags[container] = TagPattern(annotation: key, value: value) }
        }
        self.workload = workload
        self.values = values
        self.tags = tags
        automated = values[PolicyName.automated.name] == "true"
        locked = values[PolicyName.locked.name] == "true"
        lockedUser = values[PolicyName.lockedUser.name]
        lockedMessage = values[PolicyName.lockedMessage.name]
        ignore = IgnorePolicy(value: values[PolicyName.ignore.name])
    }

    /// Policies given directly (tests, generated values): tag patterns by container, written
    /// under `fluxcd.io/`.
    public init(
        automated: Bool = false, locked: Bool = false, lockedUser: String? = nil, lockedMessage: String? = nil,
        tagPatterns: [String: String] = [:], workload: WorkloadID? = nil
    ) {
        var annotations: [String: String] = [:]
        if automated { annotations[PolicyAnnotation.key(for: .automated)] = "true" }
        if locked { annotations[PolicyAnnotation.key(for: .locked)] = "true" }
        if let lockedUser { annotations[PolicyAnnotation.key(for: .lockedUser)] = lockedUser }
        if let lockedMessage { annotations[PolicyAnnotation.key(for: .lockedMessage)] = lockedMessage }
        for (container, pattern) in tagPatterns { annotations[PolicyAnnotation.key(for: .tag(container: container))] = pattern }
        self.init(annotations: annotations, workload: workload)
    }

    /// The tag policy of a container: its pattern, `glob:*` when it has none, or why its
    /// pattern cannot be used.
    public func tagPolicy(for container: String) -> Result<TagPolicy, PolicyError> {
        guard let pattern = tags[container] else { return .success(.all) }
        return pattern.policy.mapError { error in
            PolicyError(workload: workload, annotation: pattern.annotation, value: pattern.value, reason: error.reason)
        }
    }

    /// Every tag pattern that cannot be used, by container name.
    public var errors: [PolicyError] {
        tags.keys.sorted().compactMap { container in
            if case .failure(let error) = tagPolicy(for: container) { return error }
            return nil
        }
    }

    /// `errors`, and patterns for containers the workload does not have (`containers`).
    public func errors(containers: [String]) -> [PolicyError] {
        var result = errors
        for container in tags.keys.sorted() where !containers.contains(container) {
            guard let pattern = tags[container] else { continue }
            let known = containers.isEmpty ? "none" : containers.joined(separator: ", ")
            result.append(
                PolicyError(
                    workload: workload, annotation: pattern.annotation, value: pattern.value,
                    reason: "the workload has no container \"\(container)\" (containers: \(known))"))
        }
        return result
    }
}

/// A container's tag pattern as written, and what it means.
public struct TagPattern: Sendable, Hashable {
    /// The annotation it was read from (`fluxcd.io/tag.web`, `filter.fluxcd.io/web`).
    public var annotation: String
    /// The value as written (`semver:~1.2`, `master-*`).
    public var value: String
    /// The parsed policy, or why the value is not one.
    public var policy: Result<TagPolicy, TagPolicyError>

    public init(annotation: String, value: String) {
        self.annotation = annotation
        self.value = value
        do throws(TagPolicyError) {
            policy = .success(try TagPolicy(parsing: value))
        } catch {
            policy = .failure(error)
        }
    }
}

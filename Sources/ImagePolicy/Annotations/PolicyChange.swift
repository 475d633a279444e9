import KubernetesModel

/// A change to one workload's policies as fluxctl and the API ask for it (Flux v1's
/// `PolicyUpdate`): policy names (without prefix, `tag_all` included) to set, and to remove.
public struct PolicyChange: Sendable, Hashable {
    public var workload: WorkloadID
    public var add: [String: String]
    public var remove: [String]

    public init(workload: WorkloadID, add: [String: String] = [:], remove: [String] = []) {
        self.workload = workload
        self.add = add
        self.remove = remove
    }

    /// Checks what can be checked without the workload's manifest: every name is a policy
    /// (or `tag_all`), every tag pattern is valid. fluxctl and the API run this before anything
    /// is queued; `edits(containers:)` runs it again.
    public func validate() throws(PolicyError) {
        for name in add.keys.sorted() + remove.sorted() where name != PolicyName.tagAll {
            guard PolicyName(name) != nil else {
                let known = PolicyName.fixed.map(\.name).joined(separator: ", ")
                throw PolicyError(
                    workload: workload, annotation: name, value: nil,
                    reason: "unknown policy (known: \(known), tag.<container>, \(PolicyName.tagAll))")
            }
        }
        for name in add.keys.sorted() where name == PolicyName.tagAll || name.hasPrefix("tag.") {
            guard let value = add[name], !value.isEmpty else { continue }
            do throws(TagPolicyError) {
                _ = try TagPolicy(parsing: value)
            } catch {
                throw PolicyError(workload: workload, annotation: name, value: value, reason: error.reason)
            }
        }
    }

    /// The policy edits on a workload with `containers`, as Flux v1 makes them
    /// (`ChangesForPolicyUpdate`): `tag_all` becomes one `tag.<container>` per container
    /// (`glob:*` removes them instead, as it is the default); tag patterns are written as given;
    /// a removal wins over an addition of the same policy; an empty value removes. A tag
    /// pattern for a container the workload does not have is refused.
    public func edits(containers: [String]) throws(PolicyError) -> [PolicyEdit] {
        try validate()
        var values: [PolicyName: String?] = [:]
        for name in add.keys.sorted() {
            let value = add[name] ?? ""
            if name == PolicyName.tagAll {
                for container in containers {
                    values[.tag(container: container)] = value == TagPolicy.all.description || value.isEmpty ? .some(nil) : value
                }
                continue
            }
            guard let policy = PolicyName(name) else { continue }
            if case .tag(let container) = policy, !value.isEmpty, !containers.contains(container) {
                let known = containers.isEmpty ? "none" : containers.joined(separator: ", ")
                throw PolicyError(
                    workload: workload, annotation: name, value: value,
                    reason: "the workload has no container \"\(container)\" (containers: \(known))")
            }
            values[policy] = value.isEmpty ? .some(nil) : value
        }
        for name in remove {
            guard name != PolicyName.tagAll else {
                for container in containers { values[.tag(container: container)] = .some(nil) }
                continue
            }
            if let policy = PolicyName(name) { values[policy] = .some(nil) }
        }
        return values.keys.sorted().map { PolicyEdit(policy: $0, value: values[$0] ?? nil) }
    }
}

/// One policy to set (or remove, when `value` is `nil`) on a workload.
public struct PolicyEdit: Sendable, Hashable {
    public var policy: PolicyName
    public var value: String?

    public init(policy: PolicyName, value: String?) {
        self.policy = policy
        self.value = value
    }

    /// The annotation to write: `fluxcd.io/<policy>`. Editors update the key the workload
    /// already uses for the policy (`PolicyAnnotation.aliases(ofKey:)`) and remove every one.
    public var key: String { PolicyAnnotation.key(for: policy) }
}

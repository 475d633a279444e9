import KubernetesModel

/// kustomize's name-reference transformer (`FixBackReferences`): after prefixes, suffixes,
/// namespaces and hashes changed names, fields that named the old names get the new ones.
enum NameReferenceFixer {
    static func fix(_ resources: inout [Resource], rules: [NameReferenceRule] = NameReferenceTable.rules) throws {
        let snapshot = resources
        // kustomize reads every RoleBinding's ServiceAccount subject namespaces as strings
        // (getNamespacesForRoleBinding) and stops at one that is not.
        for resource in snapshot where resource.gvk.kind == "RoleBinding" {
            for subject in resource.object["subjects"]?.arrayValue ?? []
            where subject["kind"]?.stringValue == "ServiceAccount" && subject["namespace"] != nil
                && subject["namespace"]?.stringValue == nil
            {
                throw KustomizeError(
                    .invalidField, file: resource.origin, field: "subjects",
                    "Invalid Input: namespace is blank for resource \"\(resource.currentID)\"")
            }
        }
        for rule in rules {
            // Referral candidates: objects renamed at some point (kustomize's PrevIds) that
            // were once of the rule's kind.
            let referrals = snapshot.filter { candidate in
                candidate.previousIDs.contains { rule.selects($0) }
            }
            guard !referrals.isEmpty else { continue }
            for index in resources.indices {
                let referrer = snapshot[index]
                let gvk = referrer.gvk
                let specs = rule.referrers.filter { $0.applies(to: gvk) }
                guard !specs.isEmpty else { continue }
                let referrals = couldBeReferenced(referrals, by: referrer)
                for spec in specs {
                    var failure: KustomizeError?
                    try resources[index].apply(spec) { current in
                        guard let current, failure == nil else { return current }
                        do throws(KustomizeError) {
                            return try update(current, rule: rule, referrer: referrer, referrals: referrals, path: spec.path)
                        } catch {
                            failure = error
                            return current
                        }
                    }
                    if let failure { throw failure }
                }
            }
        }
    }

    private static func update(_ value: JSONValue, rule: NameReferenceRule, referrer: Resource, referrals: [Resource], path: String)
        throws(KustomizeError) -> JSONValue
    {
        switch value {
        case .string(let name):
            guard let target = try select(name: name, candidates: referrals, mapping: false, rule: rule, referrer: referrer, path: path)
            else { return value }
            return .string(target.name)
        case .array(let items):
            var result: [JSONValue] = []
            for item in items { result.append(try update(item, rule: rule, referrer: referrer, referrals: referrals, path: path)) }
            return .array(result)
        case .object(var object):
            guard let name = object["name"]?.stringValue else { return value }
            var candidates = referrals
            if let namespace = object["namespace"]?.stringValue {
                // kustomize groups the candidates by original namespace, else by current one.
                let original = referrals.filter { effectiveNamespace($0.originalID) == namespace }
                candidates = original.isEmpty ? referrals.filter { effectiveNamespace($0.currentID) == namespace } : original
            }
            guard let target = try select(name: name, candidates: candidates, mapping: true, rule: rule, referrer: referrer, path: path)
            else { return value }
            if target.name == name && target.namespace.isEmpty { return value }
            object["name"] = .string(target.name)
            if !target.namespace.isEmpty { object["namespace"] = .string(target.namespace) }
            return .object(object)
        default:
            return value
        }
    }

    /// kustomize's `SubsetThatCouldBeReferencedByResource`: a namespaced referrer sees
    /// cluster-scoped objects, its own namespace's, and (a RoleBinding) those in the
    /// namespaces its subjects name.
    private static func couldBeReferenced(_ candidates: [Resource], by referrer: Resource) -> [Resource] {
        let referrerID = referrer.currentID
        if isClusterScoped(referrerID) { return candidates }
        var subjectNamespaces = Set<String>()
        if referrer.gvk.kind == "RoleBinding" {
            for subject in referrer.object["subjects"]?.arrayValue ?? [] where subject["kind"]?.stringValue == "ServiceAccount" {
                if let namespace = subject["namespace"]?.stringValue { subjectNamespaces.insert(namespace) }
            }
        }
        return candidates.filter { candidate in
            let id = candidate.currentID
            return isClusterScoped(id) || effectiveNamespace(id) == effectiveNamespace(referrerID)
                || subjectNamespaces.contains(id.namespace)
        }
    }

    /// resid's EffectiveNamespace: "default" for none, a marker for cluster-scoped kinds.
    private static func effectiveNamespace(_ id: ResourceID) -> String {
        if isClusterScoped(id) { return "_non_namespaceable_" }
        return id.namespace.isEmpty ? "default" : id.namespace
    }

    private static func isClusterScoped(_ id: ResourceID) -> Bool {
        FieldSpecTables.isClusterScoped(GroupVersionKind(group: id.group, version: id.version, kind: id.kind))
    }

    /// kustomize's `selectReferral`: the candidates once named `name` (and once of the
    /// rule's kind, and of the kind a roleRef names), in the referrer's namespace (or
    /// cluster-scoped, or ServiceAccounts); then those whose prefixes and suffixes agree with
    /// the referrer's where both have some, then those with exactly the referrer's. Several that are not one name (and namespace) are an error.
    private static func select(
        name: String, candidates: [Resource], mapping: Bool, rule: NameReferenceRule, referrer: Resource, path: String
    ) throws(KustomizeError) -> Resource? {
        var candidates = candidates.filter { $0.previousIDs.contains { $0.name == name } }
        if path.hasSuffix("roleRef/name"), let roleRef = referrer.object["roleRef"]?.objectValue,
            let group = roleRef["apiGroup"]?.stringValue, let kind = roleRef["kind"]?.stringValue
        {
            candidates = candidates.filter {
                $0.previousIDs.contains { (kind.isEmpty || $0.kind == kind) && (group.isEmpty || $0.group == group) }
            }
        }
        let referrerID = referrer.currentID
        if !isClusterScoped(referrerID) {
            candidates = candidates.filter { candidate in
                isClusterScoped(candidate.currentID) || candidate.gvk.kind == "ServiceAccount"
                    || effectiveNamespace(candidate.currentID) == effectiveNamespace(referrerID)
            }
        }
        if candidates.count == 1 { return candidates[0] }
        // First a coarse pass where a side without prefixes (suffixes) matches any, then the
        // exact one (kustomize's `PrefixesSuffixesEquals(allowEmpty:)`, the fix of its #5047).
        candidates = candidates.filter {
            (($0.prefixes.isEmpty || referrer.prefixes.isEmpty) || sameEnding($0.prefixes, referrer.prefixes))
                && (($0.suffixes.isEmpty || referrer.suffixes.isEmpty) || sameEnding($0.suffixes, referrer.suffixes))
        }
        if candidates.count == 1 { return candidates[0] }
        candidates = candidates.filter {
            sameEnding($0.prefixes, referrer.prefixes) && sameEnding($0.suffixes, referrer.suffixes)
        }
        if candidates.count == 1 { return candidates[0] }
        guard let first = candidates.first else { return nil }
        let identical = candidates.allSatisfy { $0.name == first.name && (!mapping || $0.namespace == first.namespace) }
        if identical { return first }
        throw KustomizeError(
            .invalidField, file: referrer.origin, field: path,
            "updating name reference in '\(path)' field of '\(referrerID)': found multiple possible referrals: "
                + candidates.map { "\($0.currentID)" }.joined(separator: ", "))
    }

    /// kustomize's `SameEndingSubSlice`: the shorter list ends the longer one (two empty
    /// lists agree; an empty and a non-empty one do not).
    private static func sameEnding(_ a: [String], _ b: [String]) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        if short.isEmpty { return long.isEmpty }
        return Array(long.suffix(short.count)) == short
    }
}

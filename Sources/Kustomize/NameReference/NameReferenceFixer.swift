import KubernetesModel

/// kustomize's name-reference transformer (`FixBackReferences`): after prefixes, suffixes,
/// namespaces and hashes changed names, fields that named the old names get the new ones.
enum NameReferenceFixer {
    static func fix(_ resources: inout [Resource], rules: [NameReferenceRule] = NameReferenceTable.rules) {
        let snapshot = resources
        for rule in rules {
            let referrals = snapshot.filter { candidate in
                let gvk = candidate.gvk
                return gvk.kind == rule.kind && (rule.group.map { $0 == gvk.group } ?? true)
            }
            guard referrals.contains(where: { !$0.previousIDs.isEmpty }) else { continue }
            var byName: [String: [Resource]] = [:]
            for referral in referrals {
                for name in Set(referral.allIDs.map(\.name)) { byName[name, default: []].append(referral) }
            }
            for index in resources.indices {
                let referrer = snapshot[index]
                let gvk = referrer.gvk
                for spec in rule.referrers where spec.applies(to: gvk) {
                    spec.apply(to: &resources[index].object) { current in
                        guard let current else { return nil }
                        return update(current, rule: rule, referrer: referrer, referrals: byName, path: spec.path)
                    }
                }
            }
        }
    }

    private static func update(_ value: JSONValue, rule: NameReferenceRule, referrer: Resource, referrals: [String: [Resource]], path: String)
        -> JSONValue
    {
        switch value {
        case .string(let name):
            if path.hasSuffix("roleRef/name"), referrer.object["roleRef"]?["kind"]?.stringValue != rule.kind {
                return value
            }
            guard let target = select(name: name, namespace: nil, referrer: referrer, referrals: referrals) else {
                return value
            }
            return .string(target.name)
        case .array(let items):
            return .array(items.map { update($0, rule: rule, referrer: referrer, referrals: referrals, path: path) })
        case .object(var object):
            guard let name = object["name"]?.stringValue else { return value }
            if path == "subjects" && object["kind"]?.stringValue != rule.kind { return value }
            let namespace = object["namespace"]?.stringValue
            guard let target = select(name: name, namespace: namespace, referrer: referrer, referrals: referrals) else {
                return value
            }
            object["name"] = .string(target.name)
            if path == "subjects" || namespace != nil, !target.namespace.isEmpty {
                object["namespace"] = .string(target.namespace)
            }
            return .object(object)
        default:
            return value
        }
    }

    private static func select(name: String, namespace: String?, referrer: Resource, referrals: [String: [Resource]])
        -> Resource?
    {
        let referrerClusterScoped = FieldSpecTables.isClusterScoped(referrer.gvk)
        var candidates = (referrals[name] ?? []).filter { referral in
            guard referral.allIDs.contains(where: { $0.name == name }) else { return false }
            if FieldSpecTables.isClusterScoped(referral.gvk) { return true }
            if let namespace {
                return referral.allIDs.contains { $0.name == name && $0.sameNamespace(namespace) }
                    || referral.currentID.sameNamespace(namespace)
            }
            if referrerClusterScoped { return true }
            return referral.currentID.sameNamespace(referrer.namespace)
        }
        if candidates.count > 1 {
            let narrowed = candidates.filter { $0.prefixes == referrer.prefixes && $0.suffixes == referrer.suffixes }
            if !narrowed.isEmpty { candidates = narrowed }
        }
        if candidates.count > 1 {
            let exact = candidates.filter { $0.originalID.name == name }
            if !exact.isEmpty { candidates = exact }
        }
        return candidates.count == 1 ? candidates[0] : nil
    }
}

import KubernetesModel

/// A field another manager owns with a different value than the applied configuration.
struct ApplyConflict: Sendable, Hashable {
    var owner: ManagedFieldsEntry
    var path: FieldPath
}

/// Server-side apply and managed-fields bookkeeping as pure functions over JSON values, so
/// the store only decides when to call them. Follows structured-merge-diff: ownership by
/// field path, conflicts on changed values owned by others, pruning of fields the applier
/// alone owned and dropped.
struct ServerSideApply: Sendable {
    var schema: FieldSchema
    var apiVersion: String
    /// Whether the resource has a status subresource (status is then not applied here).
    var hasStatus: Bool
    var now: String

    enum Outcome: Sendable {
        case applied(JSONValue)
        case conflicts([ApplyConflict])
    }

    /// Applies `config` as `manager` onto `live` (nil when the object does not exist yet).
    /// The result keeps `live`'s system metadata; the caller fills identity and versions.
    func apply(live: JSONValue?, config: JSONValue, manager: String, force: Bool) -> Outcome {
        let applied = ManagedFieldsStripping.strip(config, dropStatus: hasStatus)
        let newSet = FieldSet.of(applied, schema: schema)
        var entries = ManagedFieldsEntry.entries(of: live)
        let base = live ?? .object(JSONObject())
        var merged = Self.merge(base, applied, schema: schema)

        // Conflicts: leaves we set that someone else owns and whose value changes.
        var conflicts: [ApplyConflict] = []
        let leaves = newSet.leaves
        for entry in entries where !entry.sameOwner(manager: manager, operation: .apply, subresource: nil) {
            guard entry.subresource == nil else { continue }
            for path in leaves.intersection(entry.fields.paths).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                let before = FieldPathValue.value(in: base, at: path, schema: schema)
                let after = FieldPathValue.value(in: merged, at: path, schema: schema)
                if before != after { conflicts.append(ApplyConflict(owner: entry, path: path)) }
            }
        }
        if !conflicts.isEmpty {
            guard force else { return .conflicts(conflicts) }
            for index in entries.indices {
                let lost = Set(conflicts.filter { $0.owner == entries[index] }.map(\.path))
                entries[index].fields = entries[index].fields.subtracting(FieldSet(lost))
            }
        }

        // Prune what this manager alone owned and no longer applies.
        let previous = entries.first { $0.sameOwner(manager: manager, operation: .apply, subresource: nil) }
        var others = FieldSet()
        for entry in entries where !entry.sameOwner(manager: manager, operation: .apply, subresource: nil) {
            others = others.union(entry.fields)
        }
        if let previous {
            let keep = others.union(newSet)
            let toRemove = previous.fields.subtracting(keep)
            for path in toRemove.paths.sorted(by: { $0.count > $1.count }) {
                let hasKeptChildren = keep.paths.contains { $0.count > path.count && Array($0[0..<path.count]) == path }
                FieldPathValue.remove(from: &merged, at: path, schema: schema, onlyIfEmpty: hasKeptChildren)
            }
        }

        // Ownership: this manager owns exactly what it applied.
        if let index = entries.firstIndex(where: { $0.sameOwner(manager: manager, operation: .apply, subresource: nil) }) {
            if entries[index].fields != newSet {
                entries[index].fields = newSet
                entries[index].time = now
            }
            entries[index].apiVersion = apiVersion
        } else {
            entries.append(
                ManagedFieldsEntry(
                    manager: manager, operation: .apply, apiVersion: apiVersion, time: now, fields: newSet,
                    subresource: nil))
        }
        let present = FieldSet.of(ManagedFieldsStripping.strip(merged, dropStatus: false), schema: schema)
        entries = Self.restricted(entries, to: present)
        ManagedFieldsEntry.store(entries, into: &merged)
        return .applied(merged)
    }

    /// Records a non-apply write (create, update, patch) by `manager`: it takes ownership of
    /// the fields it changed, which others lose.
    func recordUpdate(old: JSONValue?, new: JSONValue, manager: String, subresource: String?) -> JSONValue {
        var entries = ManagedFieldsEntry.entries(of: old)
        let oldValue = old.map { ManagedFieldsStripping.strip($0, dropStatus: false) } ?? .object(JSONObject())
        let newValue = ManagedFieldsStripping.strip(new, dropStatus: false)
        let oldPaths = FieldSet.of(oldValue, schema: schema)
        let newPaths = FieldSet.of(newValue, schema: schema)
        let newLeaves = newPaths.leaves
        var changed = Set<FieldPath>()
        for path in newPaths.paths {
            if !oldPaths.contains(path) {
                changed.insert(path)
            } else if newLeaves.contains(path),
                FieldPathValue.value(in: oldValue, at: path, schema: schema)
                    != FieldPathValue.value(in: newValue, at: path, schema: schema)
            {
                changed.insert(path)
            }
        }
        let changedSet = FieldSet(changed)
        for index in entries.indices where !entries[index].sameOwner(manager: manager, operation: .update, subresource: subresource) {
            entries[index].fields = entries[index].fields.subtracting(changedSet)
        }
        if let index = entries.firstIndex(where: { $0.sameOwner(manager: manager, operation: .update, subresource: subresource) }) {
            let updated = entries[index].fields.union(changedSet)
            if updated != entries[index].fields {
                entries[index].fields = updated
                entries[index].time = now
                entries[index].apiVersion = apiVersion
            }
        } else if !changedSet.isEmpty {
            entries.append(
                ManagedFieldsEntry(
                    manager: manager, operation: .update, apiVersion: apiVersion, time: now, fields: changedSet,
                    subresource: subresource))
        }
        entries = Self.restricted(entries, to: newPaths)
        var result = new
        ManagedFieldsEntry.store(entries, into: &result)
        return result
    }

    /// Drops owned paths that no longer exist, and entries left with nothing.
    static func restricted(_ entries: [ManagedFieldsEntry], to present: FieldSet) -> [ManagedFieldsEntry] {
        entries.compactMap { entry in
            var entry = entry
            entry.fields = entry.fields.intersection(present)
            return entry.fields.isEmpty ? nil : entry
        }
    }

    /// Merges an applied configuration into a live object following the schema.
    static func merge(_ base: JSONValue?, _ applied: JSONValue, schema: FieldSchema) -> JSONValue {
        guard let base else { return applied }
        switch (base, applied) {
        case (.object(var result), .object(let patch)) where !schema.isAtomic:
            for (key, value) in patch {
                result[key] = merge(result[key], value, schema: schema.child(key))
            }
            return .object(result)
        case (.array(let live), .array(let items)):
            let type = schema.listType
            switch type {
            case .atomic:
                return applied
            case .set:
                var result = live
                for item in items where !result.contains(item) { result.append(item) }
                return .array(result)
            case .map, .ports:
                var result = live
                let element = schema.child("")
                for item in items {
                    let key = FieldSchema.keyElement(type, item: item)
                    if let position = result.firstIndex(where: { FieldSchema.keyElement(type, item: $0) == key }) {
                        result[position] = merge(result[position], item, schema: element)
                    } else {
                        result.append(item)
                    }
                }
                return .array(result)
            }
        default:
            return applied
        }
    }
}

extension ApplyConflict {
    /// How structured-merge-diff names the owner: `"name"` for appliers,
    /// `"name" using v1 at 2024-01-01T00:00:00Z` for updaters.
    var managerDescription: String {
        switch owner.operation {
        case .apply: return "\"\(owner.manager)\""
        case .update:
            return owner.time.isEmpty
                ? "\"\(owner.manager)\" using \(owner.apiVersion)"
                : "\"\(owner.manager)\" using \(owner.apiVersion) at \(owner.time)"
        }
    }
}

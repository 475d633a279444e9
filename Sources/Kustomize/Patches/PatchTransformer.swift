import KubernetesModel
import Patching

/// Loads and applies `patches`, `patchesStrategicMerge` and `patchesJson6902`.
struct PatchTransformer {
    var kustomization: Kustomization
    /// Strategies of custom resources from `openapi:` schemas.
    var schemas: [String: ListStrategies] = [:]
    /// Whether an `openapi: {path: …}` schema replaced the built-in one.
    var customSchema = false

    private var file: String { kustomization.file }

    /// The text of a patch given inline or as a file relative to the kustomization.
    /// kustomize trims an inline patch; exactly one of a non-empty `patch` and `path` is needed.
    private func patchText(_ object: JSONObject, field: String) async throws -> String {
        let inline = (object["patch"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let path = object["path"]?.stringValue ?? ""
        if !inline.isEmpty && !path.isEmpty {
            throw KustomizeError(.invalidField, file: file, field: field, "patch and path can't be set at the same time")
        }
        if !inline.isEmpty { return inline }
        guard !path.isEmpty else {
            throw KustomizeError(.invalidField, file: file, field: field, "must specify one of patch and path")
        }
        let full = FileLoader.resolve(path, in: kustomization.directory)
        return try await FileLoader.readText(full, kustomization: file, field: "\(field).path")
    }

    private func documents(_ text: String, field: String) throws -> [JSONValue] {
        do {
            return try KYAMLDecoder.documents(text).map(\.value)
        } catch {
            throw KustomizeError(.invalidPatch, file: file, field: field, line: error.line, error.message)
        }
    }

    /// A JSON 6902 patch's operations as kustomize reads them: `sigs.k8s.io/yaml`'s YAML 1.1
    /// (`value: yes` is the boolean true), not kyaml's 1.2.
    private func jsonOperations(_ text: String, field: String) throws -> [JSONValue] {
        do {
            return try JSONValue(yaml: text).arrayValue ?? []
        } catch {
            throw KustomizeError(.invalidPatch, file: file, field: field, line: error.line, error.message)
        }
    }

    func applyPatchesStrategicMerge(to resources: inout [Resource]) async throws {
        for (index, entry) in try kustomization.stringList("patchesStrategicMerge").enumerated() {
            let field = "patchesStrategicMerge[\(index)]"
            let full = FileLoader.resolve(entry, in: kustomization.directory)
            let text: String
            if !entry.contains("\n") && FileLoader.exists(full) {
                text = try await FileLoader.readText(full, kustomization: file, field: field)
            } else if entry.contains("\n") || entry.contains(":") {
                text = entry
            } else {
                throw KustomizeError(.missingFile, file: file, field: field, "file '\(full)' not found")
            }
            for patch in try documents(text, field: field) {
                try applyStrategicMerge(patch, selector: nil, to: &resources, field: field)
            }
        }
    }

    func applyPatches(to resources: inout [Resource]) async throws {
        for (index, entry) in try kustomization.objectList("patches").enumerated() {
            let field = "patches[\(index)]"
            let text = try await patchText(entry, field: field)
            var selector: PatchSelector?
            if let target = entry["target"]?.objectValue {
                selector = try PatchSelector(target, file: file, field: "\(field).target")
            }
            let patches = try documents(text, field: field)
            if patches.count == 1, patches[0].arrayValue != nil {
                guard let selector else {
                    throw KustomizeError(.invalidPatch, file: file, field: field, "a JSON 6902 patch needs a target")
                }
                try applyJSONPatch(try jsonOperations(text, field: field), selector: selector, to: &resources, field: field)
                continue
            }
            if patches.count > 1, selector != nil {
                throw KustomizeError(
                    .invalidPatch, file: file, field: "\(field).target",
                    "Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set `patches.target` field")
            }
            let options = entry["options"]?.objectValue ?? JSONObject()
            let renames = Renames(
                name: options["allowNameChange"]?.boolValue ?? false, kind: options["allowKindChange"]?.boolValue ?? false)
            for patch in patches {
                try applyStrategicMerge(patch, selector: selector, to: &resources, field: field, renames: renames)
            }
        }
    }

    func applyPatchesJson6902(to resources: inout [Resource]) async throws {
        for (index, entry) in try kustomization.objectList("patchesJson6902").enumerated() {
            let field = "patchesJson6902[\(index)]"
            guard let target = entry["target"]?.objectValue else {
                throw KustomizeError(.invalidField, file: file, field: field, "a JSON 6902 patch needs a target")
            }
            let selector = try PatchSelector(target, file: file, field: "\(field).target")
            let text = try await patchText(entry, field: field)
            let patches = try documents(text, field: field)
            guard patches.count == 1, patches[0].arrayValue != nil else {
                throw KustomizeError(.invalidPatch, file: file, field: field, "expected a list of JSON patch operations")
            }
            try applyJSONPatch(try jsonOperations(text, field: field), selector: selector, to: &resources, field: field)
        }
    }

    private func applyJSONPatch(_ operations: [JSONValue], selector: PatchSelector, to resources: inout [Resource], field: String)
        throws
    {
        let ops = try operations.enumerated().map { index, op in
            guard let object = op.objectValue else {
                throw KustomizeError(.invalidPatch, file: file, field: "\(field)[\(index)]", "expected an operation object")
            }
            return object
        }
        let patch = Patching.JSONPatch(operations: ops)
        for index in resources.indices where selector.selects(resources[index]) {
            do {
                let before = resources[index].currentID
                resources[index].object = try Self.applyWithAnnotations(patch, to: resources[index].object)
                resources[index].linkedLabels = []  // kustomize round-trips the object through JSON
                resources[index].emptyNulls = []
                // A JSON patch may rename (or re-kind) its target; references follow.
                if resources[index].currentID != before { resources[index].previousIDs.append(before) }
            } catch {
                throw KustomizeError(
                    .invalidPatch, file: file, field: field,
                    "unable to apply JSON patch to \(resources[index].currentID): \(error.message)")
            }
        }
    }

    /// kustomize's objects always hold `metadata.annotations` while a JSON patch runs (its
    /// internal annotations are there), so `add /metadata/annotations/x` works on an object
    /// without annotations; annotations left empty, or made something other than a map, are
    /// not output.
    static func applyWithAnnotations(_ patch: Patching.JSONPatch, to object: JSONValue) throws(PatchError) -> JSONValue {
        var object = object
        if object["metadata"]?.objectValue != nil, object["metadata"]?["annotations"] == nil {
            object.set(path: ["metadata", "annotations"], to: .object(JSONObject()))
        }
        var patched = try patch.apply(to: object)
        if patched["metadata"]?.objectValue != nil, let annotations = patched["metadata"]?["annotations"],
            annotations.objectValue?.isEmpty ?? true
        {
            patched.set(path: ["metadata", "annotations"], to: nil)
        }
        return patched
    }

    /// `patches[].options`: whether a strategic merge patch may rename its target or change
    /// its kind (a JSON patch always may, as in kustomize v5).
    struct Renames {
        var name = false
        var kind = false
    }

    private func applyStrategicMerge(
        _ patch: JSONValue, selector: PatchSelector?, to resources: inout [Resource], field: String,
        renames: Renames = Renames()
    ) throws {
        guard patch.objectValue != nil else {
            throw KustomizeError(.invalidPatch, file: file, field: field, "a strategic merge patch must be a map")
        }
        // kustomize reads a strategic merge patch as a resource: it needs a kind and a name.
        guard let kind = patch.kind, !kind.isEmpty, let name = patch.name, !name.isEmpty else {
            throw KustomizeError(
                .invalidPatch, file: file, field: field,
                "unable to parse SM or JSON patch: a strategic merge patch needs kind and metadata.name")
        }
        var targets: [Int] = []
        if let selector {
            targets = resources.indices.filter { selector.selects(resources[$0]) }
        } else {
            let gvk = GroupVersionKind(apiVersion: patch.apiVersion ?? "", kind: patch.kind ?? "")
            let id = ResourceID(
                group: gvk.group, version: gvk.version, kind: gvk.kind, name: patch.name ?? "",
                namespace: patch.namespace ?? "")
            targets = resources.indices.filter { i in resources[i].allIDs.contains { $0.matches(id) } }
            if targets.count != 1 {
                let reason = targets.isEmpty ? "no matches for Id \(id)" : "multiple matches for Id \(id)"
                throw KustomizeError(
                    .patchTargetNotFound, file: file, field: field,
                    "no resource matches strategic merge patch \"\(id)\": \(reason); failed to find unique target for patch \(id)"
                )
            }
        }
        var deleted: Set<Int> = []
        // kyaml merges by the schema of the first of target and patch that has one: a
        // Deployment patch merges the containers of a kind the schema lacks by name (its
        // PatchTransformer tests' SmpSidecars).
        let patchAsWritten = patch
        for index in targets {
            var patch = patch
            // The patch names its target by an old or current identity; it renames it only
            // when its options allow.
            if !renames.name || patch.name == nil {
                patch["metadata"]?["name"] = resources[index].object.name.map { .string($0) }
            }
            patch["metadata"]?["namespace"] = resources[index].object.namespace.map { .string($0) }
            if !renames.kind || patch.kind == nil {
                patch["apiVersion"] = resources[index].object["apiVersion"]
                patch["kind"] = resources[index].object["kind"]
            }
            let before = resources[index].currentID
            let gvk = resources[index].gvk
            let custom = schemas[OpenAPISchema.key(group: gvk.group, version: gvk.version, kind: gvk.kind)]
            let schemaSource =
                ListStrategies.hasKubernetesSchema(for: resources[index].object) ? resources[index].object : patchAsWritten
            var merge = StrategicMergePatch(
                .kustomize, strategies: custom ?? (customSchema ? .replaceAll : .kubernetesSchema(for: schemaSource)))
            merge.droppedNulls = resources[index].emptyNulls
            let merged: JSONValue?
            do {
                merged = try merge.apply(patch, to: resources[index].object)
            } catch {
                throw KustomizeError(
                    .invalidPatch, file: file, field: field,
                    "unable to apply strategic merge patch to \(resources[index].currentID): \(error.message)")
            }
            if let result = merged {
                resources[index].object = result
                // kyaml sets a patched scalar by copying into the target's node, so a label
                // node shared by several fields takes the patch's value in all of them; a
                // field the patch deletes leaves the group.
                var groups: [[[FieldSpec.Step]]] = []
                for var group in resources[index].linkedLabels {
                    group.removeAll { patch[steps: $0]?.isNull == true }
                    if let set = group.first(where: { patch[steps: $0] != nil }), let value = result[steps: set] {
                        for path in group { resources[index].object.replace(at: path[...], with: value) }
                    }
                    if group.count > 1 { groups.append(group) }
                }
                resources[index].linkedLabels = groups
                if resources[index].currentID != before { resources[index].previousIDs.append(before) }
            } else {
                deleted.insert(index)
            }
        }
        if !deleted.isEmpty {
            resources = resources.enumerated().filter { !deleted.contains($0.offset) }.map(\.element)
        }
    }
}

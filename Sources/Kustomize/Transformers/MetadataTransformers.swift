import KubernetesModel

/// namespace, namePrefix/nameSuffix, labels and annotations: kustomize's builtin
/// NamespaceTransformer, PrefixSuffixTransformer, LabelTransformer, AnnotationsTransformer.
enum MetadataTransformers {
    /// Which RoleBinding subjects get the namespace (the NamespaceTransformer's
    /// `setRoleBindingSubjects`).
    enum SubjectMode: String {
        case defaultOnly, none, allServiceAccounts
    }

    /// kustomize's namespace filter: the namespace of every namespaced object, RoleBinding
    /// subjects by `subjects`; with `unsetOnly` only where none is set. `builtinFields` adds
    /// what kustomize's default namespace field specs cover (APIService services, CRD
    /// conversion webhooks); the NamespaceTransformer plugin has only its own `fieldSpecs`.
    /// kustomize's NamespaceTransformer stores every object's identity as a previous one
    /// (`StorePreviousId`), cluster-scoped and unchanged ones too, so a later name reference
    /// sees them as candidates (its TestIssue3489); `storeAllPrevious: false` records only
    /// the identities that changed.
    static func setNamespace(
        _ namespace: String, on resources: inout [Resource], unsetOnly: Bool = false, subjects: SubjectMode = .defaultOnly,
        builtinFields: Bool = true, storeAllPrevious: Bool = true
    ) {
        for index in resources.indices {
            var resource = resources[index]
            let gvk = resource.gvk
            let before = resource.currentID
            if gvk.kind == "RoleBinding" || gvk.kind == "ClusterRoleBinding",
                var items = resource.object["subjects"]?.arrayValue
            {
                for i in items.indices {
                    let selected: Bool
                    switch subjects {
                    case .none: selected = false
                    case .defaultOnly: selected = items[i]["name"]?.stringValue == "default"
                    case .allServiceAccounts: selected = items[i]["kind"]?.stringValue == "ServiceAccount"
                    }
                    guard selected, items[i].objectValue != nil else { continue }
                    if unsetOnly, let current = items[i]["namespace"]?.stringValue, !current.isEmpty { continue }
                    items[i]["namespace"] = .string(namespace)
                }
                resource.object["subjects"] = .array(items)
            }
            if gvk.kind == "Namespace" && FieldSpecTables.isClusterScoped(gvk) && builtinFields {
                resource.object.name = namespace
            } else if !FieldSpecTables.isClusterScoped(gvk), !(unsetOnly && !resource.namespace.isEmpty) {
                resource.object.namespace = namespace
            }
            // kustomize's field spec creates the field: an APIService without a service gets one.
            if builtinFields, gvk.kind == "APIService" && gvk.group == "apiregistration.k8s.io" {
                resource.object.set(path: ["spec", "service", "namespace"], to: .string(namespace))
            }
            if builtinFields, gvk.kind == "CustomResourceDefinition",
                resource.object[path: ["spec", "conversion", "webhook", "clientConfig", "service", "namespace"]] != nil
            {
                resource.object.set(
                    path: ["spec", "conversion", "webhook", "clientConfig", "service", "namespace"], to: .string(namespace))
            }
            if storeAllPrevious || resource.currentID != before { resource.previousIDs.append(before) }
            resources[index] = resource
        }
    }

    static let prefixSkippedKinds: Set<String> = ["CustomResourceDefinition", "APIService", "Namespace"]

    /// The prefix and suffix transformers. Their field specs come from the transformer
    /// configuration; with none configured, kustomize renames every object
    /// (`metadata/name`); CRDs, APIServices and Namespaces are never renamed.
    static func addPrefixSuffix(
        prefix: String, suffix: String, prefixSpecs: [FieldSpec] = [], suffixSpecs: [FieldSpec] = [],
        defaults: Bool = true, to resources: inout [Resource]
    ) throws {
        guard !prefix.isEmpty || !suffix.isEmpty else { return }
        let defaultSpecs = defaults ? [FieldSpec(path: "metadata/name")] : []
        let prefixSpecs = prefix.isEmpty ? [] : prefixSpecs.isEmpty ? defaultSpecs : prefixSpecs
        let suffixSpecs = suffix.isEmpty ? [] : suffixSpecs.isEmpty ? defaultSpecs : suffixSpecs
        for index in resources.indices {
            let gvk = resources[index].gvk
            if prefixSkippedKinds.contains(gvk.kind) { continue }
            let renamesByPrefix = prefixSpecs.contains { $0.path == "metadata/name" && $0.applies(to: gvk) }
            let renamesBySuffix = suffixSpecs.contains { $0.path == "metadata/name" && $0.applies(to: gvk) }
            if renamesByPrefix || renamesBySuffix {
                resources[index].storePreviousID()
                resources[index].setName(
                    (renamesByPrefix ? prefix : "") + resources[index].name + (renamesBySuffix ? suffix : ""))
                if renamesByPrefix { resources[index].prefixes.append(prefix) }
                if renamesBySuffix { resources[index].suffixes.append(suffix) }
            }
            // Other configured fields (from `configurations`/`crds`) get the prefix too.
            for spec in prefixSpecs where spec.path != "metadata/name" && spec.applies(to: gvk) {
                try resources[index].apply(spec) { current in current?.stringValue.map { .string(prefix + $0) } ?? current }
            }
            for spec in suffixSpecs where spec.path != "metadata/name" && spec.applies(to: gvk) {
                try resources[index].apply(spec) { current in current?.stringValue.map { .string($0 + suffix) } ?? current }
            }
        }
    }

    /// Rewrites the strings at `specs` (custom field specs from `configurations`/`crds`).
    static func setStrings(
        _ value: String, specs: [FieldSpec], on resources: inout [Resource], _ transform: (String) -> String
    ) throws {
        guard !specs.isEmpty else { return }
        for index in resources.indices {
            let gvk = resources[index].gvk
            for spec in specs where spec.applies(to: gvk) {
                try resources[index].apply(spec) { current in
                    guard let current else { return .string(transform("")) }
                    guard let text = current.stringValue else { return current }
                    return .string(transform(text))
                }
            }
        }
    }

    /// The label transformers: `setPairs`, plus kustomize's sharing of the label node among
    /// the fields one transformer creates (`Resource.linkedLabels`).
    static func setLabels(_ pairs: [(String, String)], specs: [FieldSpec], on resources: inout [Resource]) throws {
        guard !pairs.isEmpty else { return }
        for index in resources.indices {
            let gvk = resources[index].gvk
            var resource = resources[index]
            for (key, value) in pairs.sorted(by: { $0.0 < $1.0 }) {
                var created: [[FieldSpec.Step]] = []
                var touched: [[FieldSpec.Step]] = []
                for spec in specs where spec.applies(to: gvk) {
                    try resource.apply(spec) { path, current in
                        if let current, current.objectValue == nil, !current.isNull { return current }
                        var map = current?.objectValue ?? JSONObject()
                        if map[key] == nil { created.append(path + [.key(key)]) } else { touched.append(path + [.key(key)]) }
                        map[key] = .string(value)
                        return .object(map)
                    }
                }
                for group in resource.linkedLabels where group.contains(where: touched.contains) {
                    for path in group { resource.object.replace(at: path[...], with: .string(value)) }
                }
                if created.count > 1 { resource.linkedLabels.append(created) }
            }
            resources[index] = resource
        }
    }

    /// Sets every key of `pairs` in the maps at `specs`.
    static func setPairs(_ pairs: [(String, String)], specs: [FieldSpec], on resources: inout [Resource]) throws {
        guard !pairs.isEmpty else { return }
        for index in resources.indices {
            let gvk = resources[index].gvk
            for spec in specs where spec.applies(to: gvk) {
                try resources[index].apply(spec) { current in
                    var map = current?.objectValue ?? JSONObject()
                    if let current, current.objectValue == nil, !current.isNull { return current }
                    for (key, value) in pairs { map[key] = .string(value) }
                    return .object(map)
                }
            }
        }
    }
}

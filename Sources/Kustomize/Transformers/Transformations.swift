import KubernetesModel

/// The builtin transformers of one kustomization, in kustomize's order: patchesStrategicMerge,
/// patches, namespace, prefix/suffix, labels, annotations, patchesJson6902, replicas, images,
/// replacements.
struct Transformations {
    var kustomization: Kustomization
    /// Field specs of the builtin transformers (defaults plus `configurations`/`crds`).
    var config = TransformerConfig.default
    private var file: String { kustomization.file }

    /// Set when the build records `transformerAnnotations`: the top kustomization's directory.
    var annotationRoot: String?
    /// Whether the prefix/suffix transformer renames objects (`metadata/name`) when no field
    /// spec is configured: a PrefixSuffixTransformer plugin uses only its own `fieldSpecs`.
    var defaultNameSpecs = true

    func run(on resources: inout [Resource]) async throws {
        let patches = PatchTransformer(kustomization: kustomization, schemas: config.schemas, customSchema: config.customSchema)
        try await patches.applyPatchesStrategicMerge(to: &resources)
        record("PatchStrategicMergeTransformer", times: count("patchesStrategicMerge") > 0 ? 1 : 0, on: &resources)
        try await patches.applyPatches(to: &resources)
        record("PatchTransformer", times: count("patches"), on: &resources)
        if let namespace = kustomization.string("namespace"), !namespace.isEmpty {
            MetadataTransformers.setNamespace(namespace, on: &resources)
            try MetadataTransformers.setStrings(namespace, specs: config.namespace, on: &resources) { _ in namespace }
            try Self.checkNamespaceConflicts(resources, file: file, field: "namespace")
            record("NamespaceTransformer", times: 1, on: &resources)
        }
        let prefix = kustomization.string("namePrefix") ?? ""
        let suffix = kustomization.string("nameSuffix") ?? ""
        try MetadataTransformers.addPrefixSuffix(
            prefix: prefix, suffix: suffix, prefixSpecs: config.namePrefix, suffixSpecs: config.nameSuffix,
            defaults: defaultNameSpecs, to: &resources)
        record("PrefixTransformer", times: prefix.isEmpty ? 0 : 1, on: &resources)
        record("SuffixTransformer", times: suffix.isEmpty ? 0 : 1, on: &resources)
        try applyLabels(to: &resources)
        // kustomize configures one LabelTransformer per `labels` entry plus one for
        // commonLabels, unless both are empty.
        let commonLabels = try kustomization.stringMap("commonLabels")
        let labelTransformers = commonLabels.isEmpty && count("labels") == 0 ? 0 : count("labels") + 1
        record("LabelTransformer", times: labelTransformers, on: &resources)
        let annotations = try kustomization.stringMap("commonAnnotations")
        try MetadataTransformers.setPairs(annotations, specs: config.commonAnnotations, on: &resources)
        record("AnnotationsTransformer", times: annotations.isEmpty ? 0 : 1, on: &resources)
        try await patches.applyPatchesJson6902(to: &resources)
        record("PatchJson6902Transformer", times: count("patchesJson6902"), on: &resources)
        try applyReplicas(to: &resources)
        record("ReplicaCountTransformer", times: count("replicas"), on: &resources)
        let images = try kustomization.objectList("images").enumerated().map { index, object in
            try ImageOverride(object, file: file, field: "images[\(index)]")
        }
        try ImageTransformer.apply(images, to: &resources, specs: config.images)
        record("ImageTagTransformer", times: images.count, on: &resources)
        let replacements = try await Replacement.list(kustomization["replacements"], kustomization: kustomization, field: "replacements")
        try ReplacementTransformer(replacements: replacements, file: file, field: "replacements").apply(to: &resources)
        record("ReplacementTransformer", times: count("replacements") > 0 ? 1 : 0, on: &resources)
    }

    /// Two objects that now have one ID (the same name from two namespaces moved into one)
    /// are an error in kustomize's NamespaceTransformer.
    static func checkNamespaceConflicts(_ resources: [Resource], file: String, field: String) throws {
        var seen = Set<ResourceID>()
        for resource in resources where !seen.insert(resource.currentID).inserted {
            throw KustomizeError(
                .duplicateResource, file: file, field: field,
                "namespace transformation produces ID conflict: \(resource.currentID)")
        }
    }

    private func count(_ key: String) -> Int { kustomization[key]?.arrayValue?.count ?? 0 }

    /// `buildMetadata: [transformerAnnotations]`: kustomize notes every configured builtin
    /// transformer on every object of this kustomization, changed or not, in an annotation
    /// kept on the object during the build (so a patch replacing all annotations drops it,
    /// as in kustomize).
    private func record(_ kind: String, times: Int, on resources: inout [Resource]) {
        guard let annotationRoot, times > 0 else { return }
        let entry = BuildMetadata.transformation(kind: kind, kustomization: file, root: annotationRoot)
        BuildMetadata.appendTransformation(String(repeating: entry, count: times), to: &resources)
    }

    private func applyLabels(to resources: inout [Resource]) throws {
        try MetadataTransformers.setLabels(
            try kustomization.stringMap("commonLabels"), specs: config.commonLabels, on: &resources)
        for (index, entry) in try kustomization.objectList("labels").enumerated() {
            let field = "labels[\(index)]"
            let pairs = try entry["pairs"].map { try Kustomization.stringMap($0, file: file, field: "\(field).pairs") } ?? []
            var specs: [FieldSpec]
            if entry["includeSelectors"]?.boolValue == true {
                specs = config.commonLabels
            } else {
                specs = FieldSpecTables.metadataLabels
                if entry["includeTemplates"]?.boolValue == true { specs += config.templateLabels }
            }
            specs += config.labels
            for (specIndex, extra) in (entry["fields"]?.arrayValue ?? []).enumerated() {
                guard let object = extra.objectValue, let path = object["path"]?.stringValue else {
                    throw KustomizeError(.invalidField, file: file, field: "\(field).fields[\(specIndex)]", "a field spec needs a path")
                }
                specs.append(
                    FieldSpec(
                        group: object["group"]?.stringValue, version: object["version"]?.stringValue,
                        kind: object["kind"]?.stringValue, path: path, create: object["create"]?.boolValue ?? false))
            }
            try MetadataTransformers.setLabels(pairs, specs: specs, on: &resources)
        }
    }

    private func applyReplicas(to resources: inout [Resource]) throws {
        for (index, entry) in try kustomization.objectList("replicas").enumerated() {
            let field = "replicas[\(index)]"
            guard let name = entry["name"]?.stringValue, let count = entry["count"]?.intValue else {
                throw KustomizeError(.invalidField, file: file, field: field, "a replica entry needs name and count")
            }
            let named = resources.indices.filter { i in resources[i].allIDs.contains { $0.name == name } }
            var matched = false
            for i in named {
                let gvk = resources[i].gvk
                for spec in config.replicas where spec.applies(to: gvk) {
                    matched = true
                    try resources[i].apply(spec) { _ in .integer(count) }
                }
            }
            if !matched {
                throw KustomizeError(
                    .invalidField, file: file, field: field,
                    "resource with name \(name) does not match a config with the following GVK [Deployment.[noVer].[noGrp] StatefulSet.[noVer].[noGrp] ReplicaSet.[noVer].[noGrp] ReplicationController.[noVer].[noGrp]]"
                )
            }
        }
    }
}

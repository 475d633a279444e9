import KubernetesModel

/// The builtin transformers of one kustomization, in kustomize's order: patchesStrategicMerge,
/// patches, namespace, prefix/suffix, labels, annotations, patchesJson6902, replicas, images.
struct Transformations {
    var kustomization: Kustomization
    private var file: String { kustomization.file }

    func run(on resources: inout [Resource]) throws {
        let patches = PatchTransformer(kustomization: kustomization)
        try patches.applyPatchesStrategicMerge(to: &resources)
        try patches.applyPatches(to: &resources)
        if let namespace = kustomization.string("namespace"), !namespace.isEmpty {
            MetadataTransformers.setNamespace(namespace, on: &resources)
        }
        MetadataTransformers.addPrefixSuffix(
            prefix: kustomization.string("namePrefix") ?? "", suffix: kustomization.string("nameSuffix") ?? "",
            to: &resources)
        try applyLabels(to: &resources)
        MetadataTransformers.setPairs(
            try kustomization.stringMap("commonAnnotations"), specs: FieldSpecTables.commonAnnotations, on: &resources)
        try patches.applyPatchesJson6902(to: &resources)
        try applyReplicas(to: &resources)
        let images = try kustomization.objectList("images").enumerated().map { index, object in
            try ImageOverride(object, file: file, field: "images[\(index)]")
        }
        ImageTransformer.apply(images, to: &resources)
    }

    private func applyLabels(to resources: inout [Resource]) throws {
        MetadataTransformers.setPairs(
            try kustomization.stringMap("commonLabels"), specs: FieldSpecTables.commonLabels, on: &resources)
        for (index, entry) in try kustomization.objectList("labels").enumerated() {
            let field = "labels[\(index)]"
            let pairs = try entry["pairs"].map { try Kustomization.stringMap($0, file: file, field: "\(field).pairs") } ?? []
            var specs: [FieldSpec]
            if entry["includeSelectors"]?.boolValue == true {
                specs = FieldSpecTables.commonLabels
            } else {
                specs = FieldSpecTables.metadataLabels
                if entry["includeTemplates"]?.boolValue == true { specs += FieldSpecTables.templateLabels }
            }
            for (specIndex, extra) in (entry["fields"]?.arrayValue ?? []).enumerated() {
                guard let object = extra.objectValue, let path = object["path"]?.stringValue else {
                    throw KustomizeError(.invalidField, file: file, field: "\(field).fields[\(specIndex)]", "a field spec needs a path")
                }
                specs.append(
                    FieldSpec(
                        group: object["group"]?.stringValue, version: object["version"]?.stringValue,
                        kind: object["kind"]?.stringValue, path: path, create: object["create"]?.boolValue ?? false))
            }
            MetadataTransformers.setPairs(pairs, specs: specs, on: &resources)
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
                for spec in FieldSpecTables.replicas where spec.applies(to: gvk) {
                    matched = true
                    spec.apply(to: &resources[i].object) { _ in .integer(count) }
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

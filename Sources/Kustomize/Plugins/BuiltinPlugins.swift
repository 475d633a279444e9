import KubernetesModel

/// Runs kustomize's builtin plugins configured under `generators:`/`transformers:`
/// (`apiVersion: builtin`, `kind: PatchTransformer`, …) by translating each configuration
/// into the equivalent kustomization fields, with its own field specs where it gives them.
/// Anything else needs an external program (exec or container KRM functions, Go plugins,
/// helm) and is refused with an error naming the entry; so is SortOrderTransformer, which
/// kustomize v5.8 cannot load as a plugin either (only `sortOptions:` sorts).
struct BuiltinPlugins {
    var kustomization: Kustomization
    var config: TransformerConfig
    /// The top kustomization's directory when it asks for `transformerAnnotations`.
    var annotationRoot: String?

    static let generators: Set<String> = ["ConfigMapGenerator", "SecretGenerator", "IAMPolicyGenerator"]
    static let transformers: Set<String> = [
        "PatchTransformer", "PatchJson6902Transformer", "PatchStrategicMergeTransformer", "LabelTransformer",
        "AnnotationsTransformer", "NamespaceTransformer", "PrefixTransformer", "SuffixTransformer",
        "PrefixSuffixTransformer", "ImageTagTransformer", "ReplicaCountTransformer", "ReplacementTransformer",
        "HashTransformer", "ValueAddTransformer",
    ]

    private var file: String { kustomization.file }

    /// The plugin's kind, or an error when it is not one SwiftFlux runs.
    func builtinKind(_ plugin: PluginConfig, allowed: Set<String>, key: String) throws -> String {
        let object = plugin.object
        let kind = object.kind ?? ""
        let apiVersion = object.apiVersion ?? ""
        if object["metadata"]?["annotations"]?["config.kubernetes.io/function"] != nil {
            throw KustomizeError(
                .unsupported, file: file, field: plugin.field,
                "\(key): '\(kind)' is a KRM function (config.kubernetes.io/function): exec and container functions run external programs and are not supported; render with kustomize and commit the output, or use builtin plugins"
            )
        }
        if kind == "HelmChartInflationGenerator" {
            throw KustomizeError(
                .unsupported, file: file, field: plugin.field,
                "\(key): HelmChartInflationGenerator needs the helm binary, which SwiftFlux does not run; inflate the chart and commit the output"
            )
        }
        guard apiVersion == "builtin" || apiVersion.isEmpty, allowed.contains(kind) else {
            throw KustomizeError(
                .unsupported, file: file, field: plugin.field,
                "\(key): '\(apiVersion)/\(kind)' is not a builtin \(key == "generators" ? "generator" : "transformer") (\(allowed.sorted().joined(separator: ", "))); Go and exec plugins need external programs and are not supported"
            )
        }
        return kind
    }

    /// Runs one generator plugin. What it makes is configured in the plugin's own file and by
    /// its name (kustomize's `OriginFromCustomPlugin`), for `originAnnotations`: each
    /// generator stamps its resources with them (also those that replace or merge into one).
    func generate(_ plugin: PluginConfig, into resources: inout [Resource]) async throws {
        let kind = try builtinKind(plugin, allowed: Self.generators, key: "generators")
        guard var args = plugin.object.objectValue else { return }
        if kind == "IAMPolicyGenerator" {
            try iamPolicy(args, plugin: plugin, into: &resources)
            return
        }
        let metadata = args.removeValue(forKey: "metadata")?.objectValue ?? JSONObject()
        args.removeValue(forKey: "apiVersion")
        args.removeValue(forKey: "kind")
        if args["name"] == nil { args["name"] = metadata["name"] }
        if args["namespace"] == nil, let namespace = metadata["namespace"] { args["namespace"] = namespace }
        let key = kind == "ConfigMapGenerator" ? "configMapGenerator" : "secretGenerator"
        var fields = JSONObject()
        fields[key] = .array([.object(args)])
        var generators = Generators(kustomization: virtual(fields))
        generators.pluginOrigin = plugin.origin
        generators.pluginName = metadata["name"]?.stringValue
        generators.pluginNamespace = metadata["namespace"]?.stringValue
        try await wrap(plugin) { try await generators.run(into: &resources) }
    }

    func transform(_ plugin: PluginConfig, resources: inout [Resource]) async throws {
        let kind = try builtinKind(plugin, allowed: Self.transformers, key: "transformers")
        try await run(plugin, kind: kind, resources: &resources)
        recordTransformation(plugin, kind: kind, on: &resources)
    }

    private func run(_ plugin: PluginConfig, kind: String, resources: inout [Resource]) async throws {
        let args = plugin.object.objectValue ?? JSONObject()
        var fields = JSONObject()
        var local = TransformerConfig.default
        let specs = try TransformerConfig.fieldSpecs(args["fieldSpecs"], file: file, field: "\(plugin.field).fieldSpecs", strict: false)
        switch kind {
        case "PatchTransformer":
            var patch = JSONObject()
            for key in ["path", "patch", "target", "options"] { if let value = args[key] { patch[key] = value } }
            fields["patches"] = .array([.object(patch)])
        case "PatchJson6902Transformer":
            var patch = JSONObject()
            if let target = args["target"] { patch["target"] = target }
            if let path = args["path"] { patch["path"] = path }
            if let op = args["jsonOp"] { patch["patch"] = op }
            fields["patchesJson6902"] = .array([.object(patch)])
        case "PatchStrategicMergeTransformer":
            var entries = args["paths"]?.arrayValue ?? []
            if let inline = args["patches"], inline.stringValue != "" { entries.append(inline) }
            guard !entries.isEmpty else {
                throw KustomizeError(
                    .invalidField, file: file, field: plugin.field,
                    "plugin PatchStrategicMergeTransformer fails configuration: empty file path and empty patch content")
            }
            fields["patchesStrategicMerge"] = .array(entries)
        case "LabelTransformer":
            fields["commonLabels"] = Self.scalarsAsStrings(args["labels"])
            local.commonLabels = specs
        case "AnnotationsTransformer":
            fields["commonAnnotations"] = Self.scalarsAsStrings(args["annotations"])
            local.commonAnnotations = specs
        case "NamespaceTransformer":
            guard let target = (args["metadata"]?["namespace"] ?? args["namespace"])?.stringValue, !target.isEmpty else { return }
            let modeText = args["setRoleBindingSubjects"]?.stringValue ?? ""
            guard let mode = modeText.isEmpty ? .defaultOnly : MetadataTransformers.SubjectMode(rawValue: modeText) else {
                throw KustomizeError(
                    .invalidField, file: file, field: "\(plugin.field).setRoleBindingSubjects",
                    "invalid value '\(modeText)' (expected defaultOnly, none or allServiceAccounts)")
            }
            let unsetOnly = args["unsetOnly"]?.boolValue ?? false
            // Only the plugin's own field specs, besides metadata.namespace and the
            // `subjects/namespace` of (Cluster)RoleBindings, which kustomize handles itself.
            MetadataTransformers.setNamespace(target, on: &resources, unsetOnly: unsetOnly, subjects: mode, builtinFields: false)
            let extra = specs.filter {
                $0.path != "metadata/namespace"
                    && !($0.path == "subjects/namespace" && ($0.kind == "RoleBinding" || $0.kind == "ClusterRoleBinding"))
            }
            try setNamespaceFields(target, specs: extra, unsetOnly: unsetOnly, on: &resources)
            try Transformations.checkNamespaceConflicts(resources, file: file, field: plugin.field)
            return
        case "PrefixTransformer", "SuffixTransformer", "PrefixSuffixTransformer":
            // kustomize's plugins refuse a configuration without fieldSpecs and touch only
            // the fields listed (none for `fieldSpecs: []`).
            guard let given = args["fieldSpecs"], !given.isNull else {
                throw KustomizeError(
                    .invalidField, file: file, field: "\(plugin.field).fieldSpecs",
                    "plugin \(kind) fails configuration: fieldSpecs is not expected to be nil")
            }
            fields["namePrefix"] = args["prefix"]
            fields["nameSuffix"] = args["suffix"]
            local.namePrefix = specs
            local.nameSuffix = specs
        case "ImageTagTransformer":
            // kustomize decodes `imageTag` with encoding/json: keys match case-insensitively
            // (its plugin tests write `Digest:`).
            if let tag = args["imageTag"] {
                fields["images"] = .array([
                    try GoJSONShape.image.normalize(tag, file: file, field: "\(plugin.field).imageTag", strict: false)
                ])
            }
            local.images = specs
        case "ReplicaCountTransformer":
            if let replica = args["replica"] { fields["replicas"] = .array([replica]) }
            // Only the plugin's own field specs: without any, no object matches and kustomize
            // refuses the entry.
            local.replicas = specs
        case "ReplacementTransformer":
            fields["replacements"] = args["replacements"]
        case "HashTransformer":
            for index in resources.indices where resources[index].needsHashSuffix {
                let hash = NameHasher.hash(resources[index].object)
                resources[index].storePreviousID()
                resources[index].setName("\(resources[index].name)-\(hash)")
                // kustomize hashes these again at the end of the build (a second suffix).
            }
            return
        case "ValueAddTransformer":
            try await valueAdd(args, field: plugin.field, resources: &resources)
            return
        default:
            return
        }
        var transformations = Transformations(kustomization: virtual(fields), config: local)
        transformations.annotationRoot = nil
        transformations.defaultNameSpecs = false
        try await wrap(plugin) { try await transformations.run(on: &resources) }
    }

    /// The NamespaceTransformer's own field specs (kustomize's namespace filter): a
    /// `metadata/name` one only on objects of apiVersion v1, and a spec reaching a map or a
    /// list (`path: subjects`) is an error, not skipped.
    private func setNamespaceFields(_ namespace: String, specs: [FieldSpec], unsetOnly: Bool, on resources: inout [Resource])
        throws
    {
        for index in resources.indices {
            let gvk = resources[index].gvk
            let id = resources[index].currentID
            let isV1 = resources[index].object.apiVersion == "v1"
            let origin = resources[index].origin
            for spec in specs where spec.applies(to: gvk) && (spec.path != "metadata/name" || isV1) {
                try resources[index].apply(spec) { current in
                    guard let current else { return .string(namespace) }
                    if current.arrayValue != nil || current.objectValue != nil {
                        let nodeKind = current.arrayValue != nil ? "SequenceNode" : "MappingNode"
                        throw KustomizeError(
                            .invalidField, file: origin, field: spec.path,
                            "namespace field specs must target scalar nodes: considering field '\(spec.path)' of object \(id): wrong node kind: expected ScalarNode but got \(nodeKind)"
                        )
                    }
                    // Other scalars (numbers, booleans) count as set; null as empty.
                    let isEmpty = current.isNull || current.stringValue == ""
                    return unsetOnly && !isEmpty ? current : .string(namespace)
                }
            }
        }
    }

    /// `transformerAnnotations`: kustomize notes each `transformers:` entry on every object
    /// after it ran, naming the entry's file (the kustomization for an inline one) and its
    /// apiVersion, kind and `metadata` name and namespace.
    private func recordTransformation(_ plugin: PluginConfig, kind: String, on resources: inout [Resource]) {
        guard let annotationRoot else { return }
        let metadata = plugin.object["metadata"]
        let entry = BuildMetadata.transformation(
            kind: kind, kustomization: plugin.origin, root: annotationRoot, apiVersion: plugin.object.apiVersion ?? "",
            name: metadata?["name"]?.stringValue, namespace: metadata?["namespace"]?.stringValue)
        BuildMetadata.appendTransformation(entry, to: &resources)
    }

    /// The LabelTransformer and AnnotationsTransformer read their maps with a YAML decoder
    /// that takes any scalar as its text (`numberNaked: 42` is "42", `true` is "true"),
    /// where a kustomization's `commonLabels` refuses them.
    private static func scalarsAsStrings(_ value: JSONValue?) -> JSONValue? {
        guard let object = value?.objectValue else { return value }
        var result = JSONObject()
        for (key, item) in object {
            switch item {
            case .bool(let flag): result[key] = .string(flag ? "true" : "false")
            case .integer(let number): result[key] = .string(String(number))
            case .double(let number): result[key] = .string(String(number))
            default: result[key] = item
            }
        }
        return .object(result)
    }

    /// kustomize's IAMPolicyGenerator (api/filters/iampolicygenerator): for `cloud: gke`, a
    /// ServiceAccount bound to a Google service account through Workload Identity; any other
    /// cloud is refused as kustomize refuses it.
    private func iamPolicy(_ args: JSONObject, plugin: PluginConfig, into resources: inout [Resource]) throws {
        let cloud = args["cloud"]?.stringValue ?? ""
        guard cloud == "gke" else {
            throw KustomizeError(.unsupported, file: file, field: "\(plugin.field).cloud", "cloud provider \(cloud) not supported yet")
        }
        let service = args["kubernetesService"]?.objectValue ?? JSONObject()
        let account = args["serviceAccount"]?.objectValue ?? JSONObject()
        func text(_ object: JSONObject, _ key: String) -> String { object[key]?.stringValue ?? "" }
        let email = "\(text(account, "name"))@\(text(account, "projectId")).iam.gserviceaccount.com"
        var metadata: JSONObject = [
            "annotations": .object(["iam.gke.io/gcp-service-account": .string(email)]),
            "name": .string(text(service, "name")),
        ]
        let namespace = text(service, "namespace")
        if !namespace.isEmpty { metadata["namespace"] = .string(namespace) }
        let object: JSONObject = ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": .object(metadata)]
        var resource = Resource(object: .object(object), origin: plugin.origin)
        resource.generatedBy = "IAMPolicyGenerator"
        resource.generatorName = plugin.object["metadata"]?["name"]?.stringValue
        resource.generatorNamespace = plugin.object["metadata"]?["namespace"]?.stringValue
        let id = resource.currentID
        if resources.contains(where: { $0.currentID.normalized == id.normalized }) {
            throw KustomizeError(
                .duplicateResource, file: file, field: plugin.field, "may not add resource with an already registered id: \(id)")
        }
        resources.append(resource)
    }

    /// A kustomization with only `fields`, reading files like the real one.
    private func virtual(_ fields: JSONObject) -> Kustomization {
        Kustomization(file: kustomization.file, directory: kustomization.directory, fields: fields)
    }

    /// Errors name the plugin entry (`transformers[1]`) before the translated field.
    private func wrap(_ plugin: PluginConfig, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch var error as KustomizeError {
            error.field = plugin.field + (error.field.map { " (\($0))" } ?? "")
            throw error
        }
    }
}

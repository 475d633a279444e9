import KubernetesModel
import Patching

/// kustomize's `builtinconfig.TransformerConfig`: the field specs the builtin transformers
/// use. The defaults are the builtin tables; `configurations:` files (and `crds:`) add to
/// them, and a base's additions reach the kustomizations above it, as in kustomize.
struct TransformerConfig: Sendable {
    var namePrefix = [FieldSpec(path: "metadata/name")]
    var nameSuffix = [FieldSpec(path: "metadata/name")]
    var namespace: [FieldSpec] = []
    var commonLabels = FieldSpecTables.commonLabels
    var templateLabels = FieldSpecTables.templateLabels
    var commonAnnotations = FieldSpecTables.commonAnnotations
    /// Extra field specs for `labels:` entries (kustomize's `labels` configuration).
    var labels: [FieldSpec] = []
    var nameReference = NameReferenceTable.rules
    var varReference = VarReferenceTable.specs
    var images = FieldSpecTables.images
    var replicas = FieldSpecTables.replicas
    /// Strategic-merge strategies of custom resources from `openapi:` schemas, by
    /// `group/version/kind`.
    var schemas: [String: ListStrategies] = [:]
    /// An `openapi: {path: …}` schema replaces kustomize's built-in one: built-in kinds it
    /// does not define then have no list strategies either (their lists are replaced).
    var customSchema = false

    static let `default` = TransformerConfig()
    /// No field specs at all: where a kustomization's accumulation starts (kustomize's
    /// empty accumulator), before its bases' and its own configuration are merged in.
    static let empty = TransformerConfig(
        namePrefix: [], nameSuffix: [], namespace: [], commonLabels: [], templateLabels: [], commonAnnotations: [],
        labels: [], nameReference: [], varReference: [], images: [], replicas: [])

    static let sliceKeys = [
        "namePrefix", "nameSuffix", "namespace", "commonLabels", "templateLabels", "commonAnnotations", "labels",
        "varReference", "images", "replicas",
    ]

    private static func keyPath(_ key: String) -> WritableKeyPath<TransformerConfig, [FieldSpec]>? {
        switch key {
        case "namePrefix": return \.namePrefix
        case "nameSuffix": return \.nameSuffix
        case "namespace": return \.namespace
        case "commonLabels": return \.commonLabels
        case "templateLabels": return \.templateLabels
        case "commonAnnotations": return \.commonAnnotations
        case "labels": return \.labels
        case "varReference": return \.varReference
        case "images": return \.images
        case "replicas": return \.replicas
        default: return nil
        }
    }

    /// kustomize's `FsSlice.MergeAll`: a spec effectively present already (same path, and
    /// one's kinds select the other's) is kept and the new one dropped; one that differs only
    /// in `create` is an error. So `configurations` listing `metadata/name` for one kind
    /// take the place of the default `metadata/name` for every kind, as in kustomize.
    static func merge(_ specs: [FieldSpec], into existing: inout [FieldSpec], file: String, field: String) throws {
        for spec in specs {
            if let same = existing.first(where: { $0.effectivelyEquals(spec) }) {
                guard same.create == spec.create else {
                    throw KustomizeError(
                        .invalidField, file: file, field: field,
                        "conflicting fieldspecs: path '\(spec.path)' for \(spec.kind ?? "any kind") given with create \(same.create) and \(spec.create)"
                    )
                }
                continue
            }
            existing.append(spec)
        }
    }

    mutating func merge(_ other: TransformerConfig, file: String) throws {
        for key in Self.sliceKeys {
            guard let path = Self.keyPath(key) else { continue }
            try Self.merge(other[keyPath: path], into: &self[keyPath: path], file: file, field: "configurations.\(key)")
        }
        schemas.merge(other.schemas) { _, new in new }
        customSchema = customSchema || other.customSchema
        for rule in other.nameReference {
            if let index = nameReference.firstIndex(where: { $0.sameTarget(as: rule) }) {
                try Self.merge(rule.referrers, into: &nameReference[index].referrers, file: file, field: "configurations.nameReference")
            } else {
                nameReference.append(rule)
            }
        }
    }

    /// A `configurations:` file: field-spec lists by transformer, and `nameReference`.
    static func parse(_ value: JSONValue, file: String) throws -> TransformerConfig {
        var config = TransformerConfig(
            namePrefix: [], nameSuffix: [], namespace: [], commonLabels: [], templateLabels: [], commonAnnotations: [],
            labels: [], nameReference: [], varReference: [], images: [], replicas: [])
        guard let object = value.objectValue else {
            if value.isNull { return config }
            throw KustomizeError(.invalidField, file: file, "a transformer configuration must be a map, got \(value.typeName)")
        }
        for (key, entry) in object {
            if key == "nameReference" {
                for (index, rule) in (entry.arrayValue ?? []).enumerated() {
                    let field = "nameReference[\(index)]"
                    guard let ruleObject = rule.objectValue, let kind = ruleObject["kind"]?.stringValue else {
                        throw KustomizeError(.invalidField, file: file, field: field, "a name reference needs a kind")
                    }
                    // No group (version) selects the kind in any group (version), as kustomize's `Gvk.IsSelected`.
                    let referrers = try fieldSpecs(ruleObject["fieldSpecs"], file: file, field: "\(field).fieldSpecs")
                    config.nameReference.append(
                        NameReferenceRule(
                            kind: kind, group: ruleObject["group"]?.stringValue, version: ruleObject["version"]?.stringValue,
                            referrers: referrers))
                }
            } else if let path = keyPath(key) {
                config[keyPath: path] = try fieldSpecs(entry, file: file, field: key)
            } else {
                throw KustomizeError(.unknownField, file: file, field: key, "json: unknown field \"\(key)\"")
            }
        }
        return config
    }

    /// Field specs of a `configurations:` file (decoded strictly: unknown keys are errors) or,
    /// with `strict: false`, of a plugin configuration (kustomize ignores unknown keys there).
    static func fieldSpecs(_ value: JSONValue?, file: String, field: String, strict: Bool = true) throws -> [FieldSpec] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue else {
            throw KustomizeError(.invalidField, file: file, field: field, "expected a list of field specs")
        }
        return try items.enumerated().map { index, item in
            try FieldSpec(item, file: file, field: "\(field)[\(index)]", strict: strict)
        }
    }
}

extension FieldSpec {
    /// A field spec as written in kustomize files: `group`, `version`, `kind`, `path`, `create`.
    init(_ value: JSONValue, file: String, field: String, strict: Bool = true) throws {
        guard let object = value.objectValue, let path = object["path"]?.stringValue else {
            throw KustomizeError(.invalidField, file: file, field: field, "a field spec needs a path")
        }
        for key in object.keys where strict && !["group", "version", "kind", "path", "create"].contains(key) {
            throw KustomizeError(.unknownField, file: file, field: "\(field).\(key)", "json: unknown field \"\(key)\"")
        }
        func text(_ key: String) -> String? {
            guard let string = object[key]?.stringValue, !string.isEmpty else { return nil }
            return string
        }
        self.init(
            group: text("group"), version: text("version"), kind: text("kind"), path: path, create: object["create"]?.boolValue ?? false)
    }

    /// Same path, and the kinds of one select the other's (empty parts select anything).
    func effectivelyEquals(_ other: FieldSpec) -> Bool {
        guard path == other.path else { return false }
        func selects(_ a: FieldSpec, _ b: FieldSpec) -> Bool {
            (a.group == nil || a.group == b.group) && (a.version == nil || a.version == b.version)
                && (a.kind == nil || a.kind == b.kind)
        }
        return selects(self, other) || selects(other, self)
    }
}

import KubernetesModel

/// A resource identity as kustomize's `resid.ResId`: group, version, kind, name, namespace.
struct ResourceID: Hashable, Sendable, CustomStringConvertible {
    var group: String
    var version: String
    var kind: String
    var name: String
    var namespace: String

    /// kustomize's `ResId.String()`, used in error messages.
    var description: String {
        var gvk = kind.isEmpty ? "[noKind]" : kind
        gvk += "." + (version.isEmpty ? "[noVer]" : version)
        gvk += "." + (group.isEmpty ? "[noGrp]" : group)
        return "\(gvk)/\(name).\(namespace.isEmpty ? "[noNs]" : namespace)"
    }

    /// Namespaces "" and "default" are the same namespace, as in kustomize's `IsNsEquals`.
    func sameNamespace(_ other: String) -> Bool {
        let a = namespace.isEmpty ? "default" : namespace
        let b = other.isEmpty ? "default" : other
        return a == b
    }

    /// The identity with the empty namespace spelled `default`, for hashing.
    var normalized: ResourceID {
        var copy = self
        if copy.namespace.isEmpty { copy.namespace = "default" }
        return copy
    }

    func matches(_ other: ResourceID) -> Bool {
        group == other.group && version == other.version && kind == other.kind && name == other.name
            && sameNamespace(other.namespace)
    }
}

/// One object being built plus what kustomize remembers about it: its earlier identities
/// (before prefixes, suffixes, namespaces and hashes) for name references, and generator
/// options.
struct Resource: Sendable {
    var object: JSONValue
    /// Identities this resource had before renames, oldest first.
    var previousIDs: [ResourceID] = []
    var needsHashSuffix = false
    /// Generator behavior when this came from a generator.
    var behavior: String?
    /// Prefixes and suffixes applied, innermost first (for reference matching).
    var prefixes: [String] = []
    var suffixes: [String] = []
    /// Where it was read from (for generated objects: the kustomization file), for error
    /// messages and `buildMetadata: [originAnnotations]`.
    var origin: String
    /// Vars bound to this resource (`vars:` objrefs), resolved at the end of the build.
    var varNames: [String] = []
    /// The builtin generator that made it (`ConfigMapGenerator`), if any.
    var generatedBy: String?
    /// The `metadata` of the plugin configuration (`generators:` entry) that made it, which
    /// kustomize's origin annotation names (`configuredBy.name`/`namespace`).
    var generatorName: String?
    var generatorNamespace: String?
    /// Label fields one label transformer created together: kustomize inserts one YAML node
    /// per object and key at every place it creates the label, so a later transformer that
    /// overwrites one of them (`labels` without selectors over a base's `commonLabels`)
    /// changes them all. Each group lists the fields' paths.
    var linkedLabels: [[[FieldSpec.Step]]] = []
    /// Where the source wrote an empty value (`key:`), as field-name paths: kyaml keeps a
    /// written `null` through a strategic merge but drops these.
    var emptyNulls: Set<[String]> = []

    var gvk: GroupVersionKind {
        GroupVersionKind(apiVersion: object.apiVersion ?? "", kind: object.kind ?? "")
    }

    var currentID: ResourceID {
        let gvk = gvk
        return ResourceID(
            group: gvk.group, version: gvk.version, kind: gvk.kind, name: object.name ?? "",
            namespace: object.namespace ?? "")
    }

    /// The identity the resource was first loaded with.
    var originalID: ResourceID { previousIDs.first ?? currentID }

    var allIDs: [ResourceID] { previousIDs + [currentID] }

    var name: String { object.name ?? "" }
    var namespace: String { object.namespace ?? "" }

    /// Applies a field spec to this object (`FieldSpec.apply`); a path that runs into a
    /// scalar is refused as kustomize refuses it, naming the field and the object.
    mutating func apply(_ spec: FieldSpec, update: (JSONValue?) throws -> JSONValue?) throws {
        try apply(spec) { _, current in try update(current) }
    }

    mutating func apply(_ spec: FieldSpec, updateAt update: ([FieldSpec.Step], JSONValue?) throws -> JSONValue?) throws {
        let id = currentID
        do {
            try spec.apply(to: &object, updateAt: update)
        } catch is FieldSpec.NotTraversable {
            throw KustomizeError(
                .invalidField, file: origin, field: spec.path,
                "considering field '\(spec.path)' of object \(id): expected sequence or mapping node")
        }
    }

    mutating func storePreviousID() {
        previousIDs.append(currentID)
    }

    mutating func setName(_ name: String) {
        object.name = name
    }
}

import Foundation
import KubernetesModel

/// A patch `target`: kinds, anchored-regex names and namespaces, label and annotation
/// selectors, matched against a resource's current and original identity as kustomize does.
struct PatchSelector {
    var group: NSRegularExpression?
    var version: NSRegularExpression?
    var kind: NSRegularExpression?
    var name: NSRegularExpression?
    var namespace: NSRegularExpression?
    var labelSelector: LabelSelector?
    var annotationSelector: LabelSelector?

    init(_ object: JSONObject, file: String, field: String) throws {
        func nonEmpty(_ key: String) -> String? {
            guard let value = object[key]?.stringValue, !value.isEmpty else { return nil }
            return value
        }
        func regex(_ key: String) throws -> NSRegularExpression? {
            guard let pattern = nonEmpty(key) else { return nil }
            do {
                return try NSRegularExpression(pattern: "^(?:\(pattern))$")
            } catch {
                throw KustomizeError(.invalidField, file: file, field: "\(field).\(key)", "invalid regular expression '\(pattern)'")
            }
        }
        group = try regex("group")
        version = try regex("version")
        kind = try regex("kind")
        name = try regex("name")
        namespace = try regex("namespace")
        func selector(_ key: String) throws -> LabelSelector? {
            guard let text = nonEmpty(key) else { return nil }
            do {
                return try LabelSelector(parsing: text)
            } catch {
                throw KustomizeError(.invalidField, file: file, field: "\(field).\(key)", error.description)
            }
        }
        labelSelector = try selector("labelSelector")
        annotationSelector = try selector("annotationSelector")
    }

    private static func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// kustomize's `ResId.EffectiveNamespace`: "" is `default`; cluster-scoped kinds have none.
    static func effectiveNamespace(_ id: ResourceID) -> String {
        if FieldSpecTables.isClusterScoped(group: id.group, version: id.version, kind: id.kind) { return "_non_namespaceable_" }
        return id.namespace.isEmpty ? "default" : id.namespace
    }

    /// The same for a selector's group, version and kind (kustomize's `NewGvk` looks them up
    /// as written: a selector naming only `kind: ClusterRole` is namespaced).
    static func effectiveNamespace(group: String, version: String, kind: String, namespace: String) -> String {
        if FieldSpecTables.isClusterScoped(group: group, version: version, kind: kind) { return "_non_namespaceable_" }
        return namespace.isEmpty ? "default" : namespace
    }

    func selects(_ resource: Resource) -> Bool {
        let current = resource.currentID
        let original = resource.originalID
        if let namespace {
            guard
                Self.matches(namespace, Self.effectiveNamespace(original))
                    || Self.matches(namespace, Self.effectiveNamespace(current))
            else { return false }
        }
        if let name {
            guard Self.matches(name, original.name) || Self.matches(name, current.name) else { return false }
        }
        let gvk = resource.gvk
        if let group, !Self.matches(group, gvk.group) { return false }
        if let version, !Self.matches(version, gvk.version) { return false }
        if let kind, !Self.matches(kind, gvk.kind) { return false }
        if let labelSelector, !labelSelector.matches(resource.object.labels) { return false }
        if let annotationSelector, !annotationSelector.matches(resource.object.annotations) { return false }
        return true
    }
}

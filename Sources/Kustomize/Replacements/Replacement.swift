import Foundation
import KubernetesModel

/// One entry of `replacements` (kustomize's `types.Replacement`): copy the value at a
/// source object's field path into fields of the target objects.
struct Replacement {
    struct Options {
        var delimiter = ""
        var index = 0
        var create = false
    }

    /// kustomize's `ResId` selector: empty parts match anything, exact comparison.
    struct IDSelector {
        var group = "", version = "", kind = "", name = "", namespace = ""
        var labelSelector: LabelSelector?
        var annotationSelector: LabelSelector?

        /// Target `select`/`reject` parts are anchored regular expressions (kubectl 1.37:
        /// `name: app-.*`, `kind: Service.*`, `namespace: team-.*`), the namespace matched
        /// against the effective one (`default` for none); a source's parts are exact.
        var patterns: [String: NSRegularExpression]? = nil

        var isEmptyID: Bool { group.isEmpty && version.isEmpty && kind.isEmpty && name.isEmpty && namespace.isEmpty }

        /// Compiles the parts as target patterns; `field` names the selector in errors.
        mutating func compilePatterns(file: String, field: String) throws {
            var compiled: [String: NSRegularExpression] = [:]
            for (key, pattern) in [("group", group), ("version", version), ("kind", kind), ("name", name), ("namespace", namespace)]
            where !pattern.isEmpty {
                do {
                    compiled[key] = try NSRegularExpression(pattern: "^(?:\(pattern))$")
                } catch {
                    throw KustomizeError(
                        .invalidField, file: file, field: "\(field).\(key)",
                        "error creating target selector: '\(pattern)' is not a valid regular expression")
                }
            }
            patterns = compiled
        }

        /// kustomize's `ResId.IsSelectedBy` (exact), or the target patterns.
        func selects(_ id: ResourceID) -> Bool {
            if let patterns {
                func matches(_ key: String, _ text: String) -> Bool {
                    guard let regex = patterns[key] else { return true }
                    return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                }
                return matches("name", id.name) && matches("namespace", PatchSelector.effectiveNamespace(id))
                    && matches("group", id.group) && matches("version", id.version) && matches("kind", id.kind)
            }
            if !name.isEmpty && name != id.name { return false }
            if !namespace.isEmpty
                && PatchSelector.effectiveNamespace(id)
                    != PatchSelector.effectiveNamespace(group: group, version: version, kind: kind, namespace: namespace)
            {
                return false
            }
            if !group.isEmpty && group != id.group { return false }
            if !version.isEmpty && version != id.version { return false }
            if !kind.isEmpty && kind != id.kind { return false }
            return true
        }

        func matchesSelectors(_ object: JSONValue) -> Bool {
            if let labelSelector, !labelSelector.matches(object.labels) { return false }
            if let annotationSelector, !annotationSelector.matches(object.annotations) { return false }
            return true
        }

        var description: String {
            var parts: [String] = []
            for (key, value) in [("group", group), ("version", version), ("kind", kind), ("name", name), ("namespace", namespace)]
            where !value.isEmpty {
                parts.append("\(key): \(value)")
            }
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }

    struct Target {
        var select: IDSelector
        var reject: [IDSelector]
        var fieldPaths: [String]
        var options: Options
    }

    var source: IDSelector
    var sourceFieldPath: String
    var sourceOptions: Options
    var targets: [Target]
}

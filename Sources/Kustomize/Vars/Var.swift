import KubernetesModel

/// One `vars` entry: a name bound to a field of one resource (`objref`, `fieldref`).
struct Var: Sendable {
    var name: String
    var group: String
    var version: String
    var kind: String
    var objectName: String
    var namespace: String
    var fieldPath: String
    /// Where it was declared, for errors.
    var file: String
    var field: String

    /// kustomize prints a var as `{NAME Kind.version.group {fieldpath}}`.
    var description: String {
        let gvk = "\(kind.isEmpty ? "[noKind]" : kind).\(version.isEmpty ? "[noVer]" : version).\(group.isEmpty ? "[noGrp]" : group)"
        return "{\(name) \(gvk) {\(fieldPath)}}"
    }

    static func list(_ kustomization: Kustomization) throws -> [Var] {
        let file = kustomization.file
        return try kustomization.objectList("vars").enumerated().map { index, entry in
            let field = "vars[\(index)]"
            for key in entry.keys where !["name", "objref", "fieldref"].contains(key) {
                throw KustomizeError(.unknownField, file: file, field: "\(field).\(key)", "json: unknown field \"\(key)\"")
            }
            guard let name = entry["name"]?.stringValue, !name.isEmpty else {
                throw KustomizeError(.invalidField, file: file, field: "\(field).name", "a var needs a name")
            }
            guard let ref = entry["objref"]?.objectValue else {
                throw KustomizeError(.invalidField, file: file, field: "\(field).objref", "a var needs an objref")
            }
            for key in ref.keys where !["apiVersion", "group", "version", "kind", "name", "namespace"].contains(key) {
                throw KustomizeError(.unknownField, file: file, field: "\(field).objref.\(key)", "json: unknown field \"\(key)\"")
            }
            var group = ref["group"]?.stringValue ?? ""
            var version = ref["version"]?.stringValue ?? ""
            if let apiVersion = ref["apiVersion"]?.stringValue, !apiVersion.isEmpty {
                let gv = GroupVersionKind(apiVersion: apiVersion, kind: "")
                group = gv.group
                version = gv.version
            }
            var fieldPath = "metadata.name"
            if let fieldref = entry["fieldref"]?.objectValue {
                for key in fieldref.keys where key != "fieldpath" {
                    throw KustomizeError(.unknownField, file: file, field: "\(field).fieldref.\(key)", "json: unknown field \"\(key)\"")
                }
                if let path = fieldref["fieldpath"]?.stringValue, !path.isEmpty { fieldPath = path }
            }
            return Var(
                name: name, group: group, version: version, kind: ref["kind"]?.stringValue ?? "",
                objectName: ref["name"]?.stringValue ?? "", namespace: ref["namespace"]?.stringValue ?? "",
                fieldPath: fieldPath, file: file, field: field)
        }
    }

    /// kustomize's `GvknEquals` (or `Equals` with a namespace) against any identity the
    /// resource had.
    func matches(_ resource: Resource) -> Bool {
        resource.allIDs.contains { id in
            id.group == group && id.version == version && id.kind == kind && id.name == objectName
                && (namespace.isEmpty || id.sameNamespace(namespace))
        }
    }
}

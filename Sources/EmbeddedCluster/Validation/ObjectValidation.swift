import KubernetesModel

/// Create- and update-time validation: names, required fields and immutable fields,
/// with kube-apiserver's messages. Pure functions over the objects.
enum ObjectValidation {
    static let subdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
        + "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let labelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
        + "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
        + "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
        + "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"

    static func isAlphanumeric(_ c: Character) -> Bool { ("a"..."z").contains(c) || ("0"..."9").contains(c) }

    static func isLabel(_ s: String) -> Bool {
        guard !s.isEmpty, s.count <= 63, let first = s.first, let last = s.last else { return false }
        return isAlphanumeric(first) && isAlphanumeric(last) && s.allSatisfy { isAlphanumeric($0) || $0 == "-" }
    }

    static func isSubdomain(_ s: String) -> Bool {
        s.count <= 253 && s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isLabel(String($0)) }
    }

    /// Errors for the object's name under its kind's naming rule.
    static func nameErrors(_ type: ResourceType, name: String) -> [FieldError] {
        if type.group == "rbac.authorization.k8s.io" {
            if name == "." || name == ".." {
                return [.invalid("metadata.name", goQuoted(name), "may not be '\(name)'")]
            }
            if name.contains("/") || name.contains("%") {
                return [.invalid("metadata.name", goQuoted(name), "may not contain '\(name.contains("/") ? "/" : "%")'")]
            }
            return []
        }
        switch type.kind {
        case "Namespace":
            if !isLabel(name) { return [.invalid("metadata.name", goQuoted(name), labelMessage)] }
        case "Service":
            if !(isLabel(name) && name.first.map { ("a"..."z").contains($0) } == true) {
                return [.invalid("metadata.name", goQuoted(name), dns1035Message)]
            }
        default:
            if !isSubdomain(name) { return [.invalid("metadata.name", goQuoted(name), subdomainMessage)] }
        }
        return []
    }

    /// Validation of a new object.
    static func validateCreate(_ type: ResourceType, _ object: JSONValue) -> [FieldError] {
        var errors: [FieldError] = []
        let name = object.name ?? ""
        if name.isEmpty {
            errors.append(.required("metadata.name", "name or generateName is required"))
        } else {
            errors += nameErrors(type, name: name)
        }
        errors += validateFields(type, object)
        if type.kind == "CustomResourceDefinition", let spec = object["spec"] {
            let plural = spec[path: ["names", "plural"]]?.stringValue ?? ""
            let group = spec["group"]?.stringValue ?? ""
            if name != "\(plural).\(group)" {
                errors.append(.invalid("metadata.name", goQuoted(name), "must be spec.names.plural+\".\"+spec.group"))
            }
        }
        return errors
    }

    /// Checks shared by create and update: required fields.
    static func validateFields(_ type: ResourceType, _ object: JSONValue) -> [FieldError] {
        var errors: [FieldError] = []
        for path in type.requiredFields {
            let value = object[path: path]
            let missing = value == nil || value == .null || value?.arrayValue?.isEmpty == true
            if missing { errors.append(.required(path.joined(separator: "."))) }
        }
        return errors
    }

    /// Validation of a change: required fields plus the kind's immutable fields.
    static func validateUpdate(_ type: ResourceType, old: JSONValue, new: JSONValue) -> [FieldError] {
        var errors = validateFields(type, new)
        if old[path: ["metadata", "deletionTimestamp"]] != nil {
            // apimachinery's ValidateNoNewFinalizers.
            let before = Set((old[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue))
            let extra = Set((new[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)).subtracting(before)
            if !extra.isEmpty {
                let list = "[]string{" + extra.sorted().map(goQuoted).joined(separator: ", ") + "}"
                errors.append(
                    .forbidden(
                        "metadata.finalizers", "no new finalizers can be added if the object is being deleted, found new finalizers \(list)"
                    ))
            }
        }
        switch (type.group, type.kind) {
        case ("apps", "Deployment"), ("apps", "ReplicaSet"), ("apps", "DaemonSet"), ("batch", "Job"):
            if old[path: ["spec", "selector"]] != new[path: ["spec", "selector"]] {
                errors.append(.invalid("spec.selector", goLabelSelector(new[path: ["spec", "selector"]]), "field is immutable"))
            }
        case ("apps", "StatefulSet"):
            var oldSpec = old["spec"] ?? .null
            var newSpec = new["spec"] ?? .null
            for field in ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"] {
                oldSpec[field] = nil
                newSpec[field] = nil
            }
            if oldSpec != newSpec {
                errors.append(
                    .forbidden(
                        "spec",
                        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
                            + "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"))
            }
        case ("", "Service"):
            let oldIPs = (old[path: ["spec", "clusterIPs"]]?.arrayValue ?? []).compactMap(\.stringValue)
            let newIPs = (new[path: ["spec", "clusterIPs"]]?.arrayValue ?? []).compactMap(\.stringValue)
            if let first = oldIPs.first, first != "None", newIPs.first != first {
                let rendered = "[]string{" + newIPs.map(goQuoted).joined(separator: ", ") + "}"
                errors.append(.invalid("spec.clusterIPs[0]", rendered, "may not change once set"))
            }
        case ("", "ConfigMap"), ("", "Secret"):
            if old["immutable"]?.boolValue == true {
                if new["immutable"]?.boolValue != true {
                    errors.append(.forbidden("immutable", "field is immutable when `immutable` is set"))
                }
                if old["data"] != new["data"] {
                    errors.append(.forbidden("data", "field is immutable when `immutable` is set"))
                }
                if type.kind == "ConfigMap", old["binaryData"] != new["binaryData"] {
                    errors.append(.forbidden("binaryData", "field is immutable when `immutable` is set"))
                }
            }
            if type.kind == "Secret", let oldType = old["type"]?.stringValue, new["type"]?.stringValue != oldType {
                errors.append(.invalid("type", goQuoted(new["type"]?.stringValue ?? ""), "field is immutable"))
            }
        case ("rbac.authorization.k8s.io", "RoleBinding"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"):
            if old["roleRef"] != new["roleRef"] {
                errors.append(
                    .invalid(
                        "roleRef",
                        "rbac.RoleRef{APIGroup:\(goQuoted(new[path: ["roleRef", "apiGroup"]]?.stringValue ?? "")), Kind:\(goQuoted(new[path: ["roleRef", "kind"]]?.stringValue ?? "")), Name:\(goQuoted(new[path: ["roleRef", "name"]]?.stringValue ?? ""))}",
                        "cannot change roleRef"))
            }
        default:
            break
        }
        return errors
    }
}

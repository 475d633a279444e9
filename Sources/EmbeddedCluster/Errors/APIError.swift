import KubernetesModel

/// The `metav1.Status` errors kube-apiserver returns, with its exact messages, so kubectl
/// prints what it prints against a real cluster (`Error from server (NotFound): ...`).
enum APIError {
    static func notFound(_ type: ResourceType, name: String) -> Status {
        notFound(group: type.group, resource: type.plural, name: name)
    }

    static func notFound(group: String, resource: String, name: String) -> Status {
        let qualified = group.isEmpty ? resource : "\(resource).\(group)"
        return Status(
            message: "\(qualified) \"\(name)\" not found", reason: "NotFound", code: 404,
            details: .init(name: name, group: group.isEmpty ? nil : group, kind: resource))
    }

    static func alreadyExists(_ type: ResourceType, name: String) -> Status {
        Status(
            message: "\(type.qualifiedResource) \"\(name)\" already exists", reason: "AlreadyExists", code: 409,
            details: .init(name: name, group: type.group.isEmpty ? nil : type.group, kind: type.plural))
    }

    static func conflict(_ type: ResourceType, name: String) -> Status {
        Status(
            message: "Operation cannot be fulfilled on \(type.qualifiedResource) \"\(name)\": "
                + "the object has been modified; please apply your changes to the latest version and try again",
            reason: "Conflict", code: 409,
            details: .init(name: name, group: type.group.isEmpty ? nil : type.group, kind: type.plural))
    }

    static func preconditionUIDConflict(_ type: ResourceType, name: String, expected: String, actual: String) -> Status {
        Status(
            message: "Operation cannot be fulfilled on \(type.qualifiedResource) \"\(name)\": "
                + "Precondition failed: UID in precondition: \(expected), UID in object meta: \(actual)",
            reason: "Conflict", code: 409,
            details: .init(name: name, group: type.group.isEmpty ? nil : type.group, kind: type.plural))
    }

    /// 422 with the causes listed as kube-apiserver joins them.
    static func invalid(_ type: ResourceType, name: String, causes: [Status.Cause]) -> Status {
        let list = causes.map { "\($0.field): \($0.message)" }
        let joined = list.count == 1 ? list[0] : "[" + list.joined(separator: ", ") + "]"
        return Status(
            message: "\(type.qualifiedKind) \"\(name)\" is invalid: \(joined)", reason: "Invalid", code: 422,
            details: .init(name: name, group: type.group.isEmpty ? nil : type.group, kind: type.kind, causes: causes))
    }

    static func applyConflict(_ conflicts: [ApplyConflict]) -> Status {
        let causes = conflicts.map {
            Status.Cause(reason: "FieldManagerConflict", message: "conflict with \($0.managerDescription)", field: $0.path.pathString)
        }
        let message: String
        if conflicts.count == 1 {
            message = "Apply failed with 1 conflict: conflict with \(conflicts[0].managerDescription): \(conflicts[0].path.pathString)"
        } else {
            var byManager: [String: [String]] = [:]
            for conflict in conflicts { byManager[conflict.managerDescription, default: []].append(conflict.path.pathString) }
            var lines: [String] = []
            for manager in byManager.keys.sorted() {
                lines.append("conflicts with \(manager):")
                for path in byManager[manager] ?? [] { lines.append("- \(path)") }
            }
            message = "Apply failed with \(conflicts.count) conflicts: " + lines.joined(separator: "\n")
        }
        return Status(message: message, reason: "Conflict", code: 409, details: .init(causes: causes))
    }

    static func namespaceTerminating(_ type: ResourceType, name: String, namespace: String) -> Status {
        Status(
            message: "\(type.qualifiedResource) \"\(name)\" is forbidden: unable to create new content in namespace "
                + "\(namespace) because it is being terminated",
            reason: "Forbidden", code: 403,
            details: .init(
                name: name, group: type.group.isEmpty ? nil : type.group, kind: type.plural,
                causes: [
                    Status.Cause(
                        reason: "NamespaceTerminating", message: "namespace \(namespace) is being terminated",
                        field: "metadata.namespace")
                ]))
    }

    static func badRequest(_ message: String) -> Status {
        Status(message: message, reason: "BadRequest", code: 400)
    }

    static func methodNotAllowed() -> Status {
        Status(message: "the server does not allow this method on the requested resource", reason: "MethodNotAllowed", code: 405)
    }

    static func pathNotFound() -> Status {
        Status(message: "the server could not find the requested resource", reason: "NotFound", code: 404, details: .init())
    }

    static func unsupportedMediaType(_ contentType: String) -> Status {
        unsupportedPatchType(strategic: true)
    }

    /// `negotiation.NewUnsupportedMediaTypeError` with the patch types the resource
    /// accepts (custom resources take no strategic merge patch).
    static func unsupportedPatchType(strategic: Bool) -> Status {
        let types =
            ["application/json-patch+json", "application/merge-patch+json"]
            + (strategic ? ["application/strategic-merge-patch+json"] : []) + ["application/apply-patch+yaml"]
        return Status(
            message: "the body of the request was in an unknown format - accepted media types include: " + types.joined(separator: ", "),
            reason: "UnsupportedMediaType", code: 415)
    }

    /// A patch that does not apply (`errors.NewGenericServerResponse(422, ...)` in
    /// apiserver's patch handler): a fixed message, the reason in the only cause.
    static func patchFailed(_ reason: String) -> Status {
        Status(
            message: "the server rejected our request due to an error in our request", reason: "Invalid", code: 422,
            details: .init(causes: [Status.Cause(reason: "", message: reason, field: "")]))
    }

    /// The watch cache's answer to a resume from before its oldest event
    /// (`errors.NewResourceExpired` in apiserver's watch_cache.go).
    static func expired(_ resourceVersion: Int64, oldest: Int64) -> Status {
        Status(message: "too old resource version: \(resourceVersion) (\(oldest))", reason: "Expired", code: 410)
    }

    static func gone(_ message: String) -> Status {
        Status(message: message, reason: "Expired", code: 410)
    }

    /// kube-apiserver's answer to a write body above `MaxRequestBodyBytes` (3 MiB), from
    /// `limitedReadBody` in apiserver's handlers: `errors.NewRequestEntityTooLargeError`.
    static func requestEntityTooLarge(limit: Int) -> Status {
        Status(message: "Request entity too large: limit is \(limit)", reason: "RequestEntityTooLarge", code: 413)
    }

    /// What kube-apiserver passes through when etcd refuses a value above its
    /// `--max-request-bytes` (1.5 MiB by default): a 500 without a reason (kubernetes#112152).
    static func etcdRequestTooLarge() -> Status {
        Status(message: "etcdserver: request is too large", reason: "", code: 500)
    }

    static func internalError(_ message: String) -> Status {
        Status(message: "Internal error occurred: \(message)", reason: "InternalError", code: 500)
    }
}

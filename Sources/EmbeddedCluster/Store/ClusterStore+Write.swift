import Foundation
import KubernetesModel

/// How a write is carried out: dry-run, who makes it, whether apply conflicts are forced.
struct WriteOptions: Sendable {
    var dryRun = false
    var fieldManager: String
    var force = false
}

/// Options of a DELETE, from the query and the DeleteOptions body.
struct DeleteOptions: Sendable {
    var dryRun = false
    var preconditionUID: String?
    var preconditionResourceVersion: String?
    var propagationPolicy: String?
}

extension ClusterStore {
    // MARK: Create

    func create(_ type: ResourceType, namespace: String, body: JSONValue, options: WriteOptions) throws(Status) -> JSONValue {
        try checkIdentity(type, body: body, namespace: namespace, name: nil)
        var object = prepareNew(type, body, namespaceName: namespace, manager: nil)
        let name = object.name ?? ""
        let errors = ObjectValidation.validateCreate(type, object)
        if !errors.isEmpty { throw APIError.invalid(type, name: name, causes: errors.map(\.cause)) }
        try checkNamespaceAcceptsNew(type, namespace: namespace, name: name)
        if objects[type.groupResource]?[namespace]?[name] != nil { throw APIError.alreadyExists(type, name: name) }
        object = ssa(type).recordUpdate(old: nil, new: object, manager: options.fieldManager, subresource: nil)
        object = ObjectDefaults.canonicalOrder(object)
        if options.dryRun { return Self.served(ObjectDefaults.withResourceVersion(object, resourceVersion), as: type) }
        try checkStoredSize(object)
        let stored = commit(type, namespace: namespace, name: name, object: object, previous: nil) ?? object
        afterWrite(type, old: nil, new: stored)
        return Self.served(stored, as: type)
    }

    /// Fills identity, system metadata and kind-specific defaults of a new object.
    func prepareNew(_ type: ResourceType, _ body: JSONValue, namespaceName: String, manager: String?) -> JSONValue {
        var object = body
        object.apiVersion = type.apiVersion
        object.kind = type.kind
        var metadata = object.metadata
        if (metadata["name"]?.stringValue ?? "").isEmpty, let prefix = metadata["generateName"]?.stringValue, !prefix.isEmpty {
            let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
            metadata["name"] = .string(prefix + String((0..<5).map { _ in alphabet.randomElement() ?? "x" }))
        }
        if type.namespaced { metadata["namespace"] = .string(namespaceName) } else { metadata.removeValue(forKey: "namespace") }
        metadata["uid"] = .string(UUID().uuidString.lowercased())
        metadata["creationTimestamp"] = .string(now)
        metadata.removeValue(forKey: "resourceVersion")
        metadata.removeValue(forKey: "deletionTimestamp")
        metadata.removeValue(forKey: "deletionGracePeriodSeconds")
        metadata.removeValue(forKey: "selfLink")
        if type.tracksGeneration { metadata["generation"] = 1 } else { metadata.removeValue(forKey: "generation") }
        object.metadata = metadata
        if type.hasStatus { object["status"] = nil }
        object = defaultsForNew(type, object)
        return object
    }

    // MARK: Update

    func update(
        _ type: ResourceType, namespace: String, name: String, body: JSONValue, options: WriteOptions, subresource: String?
    ) throws(Status) -> JSONValue {
        try checkIdentity(type, body: body, namespace: namespace, name: name)
        guard let old = objects[type.groupResource]?[namespace]?[name] else { throw APIError.notFound(type, name: name) }
        if let rv = body.resourceVersion, !rv.isEmpty, rv != old.resourceVersion { throw APIError.conflict(type, name: name) }
        let new = merged(type, old: old, incoming: body, subresource: subresource)
        let recorded = ssa(type).recordUpdate(old: old, new: new, manager: options.fieldManager, subresource: subresource)
        return try write(type, namespace: namespace, name: name, old: old, new: recorded, dryRun: options.dryRun)
    }

    /// The stored object a PUT (or patch result) leads to: system metadata kept, status
    /// or everything-but-status kept depending on the subresource.
    func merged(_ type: ResourceType, old: JSONValue, incoming: JSONValue, subresource: String?) -> JSONValue {
        var new: JSONValue
        if subresource == "status" {
            new = old
            new["status"] = incoming["status"]
        } else {
            new = incoming
            if type.hasStatus { new["status"] = old["status"] }
        }
        new.apiVersion = type.apiVersion
        new.kind = type.kind
        var metadata = new.metadata
        let oldMetadata = old.metadata
        for key in ["name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] {
            metadata[key] = oldMetadata[key]
        }
        if metadata["managedFields"] == nil { metadata["managedFields"] = oldMetadata["managedFields"] }
        metadata["resourceVersion"] = oldMetadata["resourceVersion"]
        new.metadata = metadata
        return new
    }

    /// Validates and stores a changed object; an unchanged one is not written (no new
    /// resourceVersion), as etcd3's store skips identical updates.
    func write(_ type: ResourceType, namespace: String, name: String, old: JSONValue, new input: JSONValue, dryRun: Bool) throws(Status)
        -> JSONValue
    {
        var new = defaultsForUpdate(type, old: old, new: input)
        if type.tracksGeneration, Self.specChanged(old, new) {
            new.set(path: ["metadata", "generation"], to: .integer((old[path: ["metadata", "generation"]]?.intValue ?? 0) + 1))
        }
        let errors = ObjectValidation.validateUpdate(type, old: old, new: new)
        if !errors.isEmpty { throw APIError.invalid(type, name: name, causes: errors.map(\.cause)) }
        new = ObjectDefaults.canonicalOrder(new)
        if new == old { return Self.served(old, as: type) }
        if dryRun { return Self.served(new, as: type) }
        if new[path: ["metadata", "deletionTimestamp"]] != nil, (new[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty {
            let removed = commit(type, namespace: namespace, name: name, object: nil, previous: old) ?? new
            afterRemove(type, removed)
            return Self.served(new, as: type)
        }
        try checkStoredSize(new)
        let stored = commit(type, namespace: namespace, name: name, object: new, previous: old) ?? new
        afterWrite(type, old: old, new: stored)
        return Self.served(stored, as: type)
    }

    static func specChanged(_ old: JSONValue, _ new: JSONValue) -> Bool {
        var a = old
        var b = new
        for key in ["metadata", "status", "apiVersion", "kind"] {
            a[key] = nil
            b[key] = nil
        }
        return a != b
    }

    // MARK: Patch

    enum PatchKind: Sendable {
        case merge, json, strategic, apply
    }

    /// Applies a patch; `apply` creates the object when it does not exist.
    func patch(
        _ type: ResourceType, namespace: String, name: String, kind: PatchKind, patch: JSONValue, options: WriteOptions,
        subresource: String?
    ) throws(Status) -> (object: JSONValue, created: Bool) {
        let old = objects[type.groupResource]?[namespace]?[name]
        if kind == .apply {
            try checkIdentity(type, body: patch, namespace: namespace, name: name)
            guard let fieldManager = Optional(options.fieldManager), !fieldManager.isEmpty else {
                throw APIError.badRequest(
                    "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch")
            }
            var config = patch
            config.name = name
            let outcome = ssa(type).apply(live: old, config: config, manager: options.fieldManager, force: options.force)
            guard case .applied(var result) = outcome else {
                if case .conflicts(let conflicts) = outcome { throw APIError.applyConflict(conflicts) }
                throw APIError.internalError("apply produced no result")
            }
            guard let old else {
                let managed = result[path: ["metadata", "managedFields"]]
                result.name = name
                result = prepareNew(type, result, namespaceName: namespace, manager: nil)
                result.set(path: ["metadata", "managedFields"], to: managed)
                let errors = ObjectValidation.validateCreate(type, result)
                if !errors.isEmpty { throw APIError.invalid(type, name: name, causes: errors.map(\.cause)) }
                try checkNamespaceAcceptsNew(type, namespace: namespace, name: name)
                result = ObjectDefaults.canonicalOrder(result)
                if options.dryRun { return (Self.served(result, as: type), true) }
                try checkStoredSize(result)
                let stored = commit(type, namespace: namespace, name: name, object: result, previous: nil) ?? result
                afterWrite(type, old: nil, new: stored)
                return (Self.served(stored, as: type), true)
            }
            let new = merged(type, old: old, incoming: result, subresource: subresource)
            return (try write(type, namespace: namespace, name: name, old: old, new: new, dryRun: options.dryRun), false)
        }
        guard let old else { throw APIError.notFound(type, name: name) }
        let patched: JSONValue
        do {
            switch kind {
            case .merge: patched = PatchRequest.merge(patch, to: old)
            case .strategic: patched = try PatchRequest.strategic(patch, to: old)
            case .json: patched = try PatchRequest.json(patch, to: old)
            case .apply: patched = old
            }
        } catch {
            throw APIError.patchFailed(error.description)
        }
        if let rv = patched.resourceVersion, !rv.isEmpty, rv != old.resourceVersion { throw APIError.conflict(type, name: name) }
        try checkIdentity(type, body: patched, namespace: namespace, name: name)
        let new = merged(type, old: old, incoming: patched, subresource: subresource)
        let recorded = ssa(type).recordUpdate(old: old, new: new, manager: options.fieldManager, subresource: subresource)
        return (try write(type, namespace: namespace, name: name, old: old, new: recorded, dryRun: options.dryRun), false)
    }

    func ssa(_ type: ResourceType) -> ServerSideApply {
        ServerSideApply(schema: type.schema ?? .deduced, apiVersion: type.apiVersion, hasStatus: type.hasStatus, now: now)
    }

    // MARK: Delete

    /// Deletes an object: at once when it has no finalizers, otherwise by setting
    /// `deletionTimestamp` (returning the object). An immediate delete answers as the
    /// generic registry's `finalizeDelete`: the deleted object for registries with
    /// `ReturnDeletedObject` (pods, services, service accounts), else a `Success` Status
    /// with name, group, kind (the resource) and uid.
    func delete(_ type: ResourceType, namespace: String, name: String, options: DeleteOptions) throws(Status) -> JSONValue {
        guard let old = objects[type.groupResource]?[namespace]?[name] else { throw APIError.notFound(type, name: name) }
        if let uid = options.preconditionUID, uid != old.uid {
            throw APIError.preconditionUIDConflict(type, name: name, expected: uid, actual: old.uid ?? "")
        }
        if let rv = options.preconditionResourceVersion, rv != old.resourceVersion {
            throw APIError.conflict(type, name: name)
        }
        let finalizers = old[path: ["metadata", "finalizers"]]?.arrayValue ?? []
        let namespaceFinalizers = type.kind == "Namespace" && type.group.isEmpty
        if !finalizers.isEmpty || namespaceFinalizers {
            if old[path: ["metadata", "deletionTimestamp"]] != nil { return Self.served(old, as: type) }
            var marked = Self.markedDeleting(old, now: now)
            if namespaceFinalizers {
                // The namespace registry's own Delete: Terminating phase, no grace period.
                marked.set(path: ["status", "phase"], to: "Terminating")
                marked.set(path: ["metadata", "deletionGracePeriodSeconds"], to: nil)
            }
            marked = ObjectDefaults.canonicalOrder(marked)
            if options.dryRun { return Self.served(marked, as: type) }
            let stored = commit(type, namespace: namespace, name: name, object: marked, previous: old) ?? marked
            if namespaceFinalizers {
                let current = finalizeNamespace(name) ?? objects[type.groupResource]?[namespace]?[name] ?? stored
                return Self.served(current, as: type)
            }
            return Self.served(stored, as: type)
        }
        if options.dryRun { return type.returnsDeletedObject ? Self.served(old, as: type) : Self.deletedStatus(type, old) }
        let removed = commit(type, namespace: namespace, name: name, object: nil, previous: old) ?? old
        afterRemove(type, removed)
        return type.returnsDeletedObject ? Self.served(removed, as: type) : Self.deletedStatus(type, removed)
    }

    /// apiserver's `markAsDeleting`: `deletionTimestamp` now, grace period 0, and a
    /// generation bump for objects that track generations.
    static func markedDeleting(_ object: JSONValue, now: String) -> JSONValue {
        var marked = object
        if marked[path: ["metadata", "deletionTimestamp"]] == nil, let generation = marked[path: ["metadata", "generation"]]?.intValue,
            generation > 0
        {
            marked.set(path: ["metadata", "generation"], to: .integer(generation + 1))
        }
        marked.set(path: ["metadata", "deletionTimestamp"], to: .string(now))
        marked.set(path: ["metadata", "deletionGracePeriodSeconds"], to: 0)
        return marked
    }

    static func deletedStatus(_ type: ResourceType, _ object: JSONValue) -> JSONValue {
        var details: JSONObject = ["name": .string(object.name ?? "")]
        if !type.group.isEmpty { details["group"] = .string(type.group) }
        details["kind"] = .string(type.plural)
        details["uid"] = .string(object.uid ?? "")
        return ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success", "details": .object(details)]
    }

    // MARK: Checks

    /// Rejects a body whose kind, version, namespace or name disagrees with the URL.
    /// etcd refuses values above its request limit; kube-apiserver answers with etcd's error.
    func checkStoredSize(_ object: JSONValue) throws(Status) {
        guard let limit = maxStoredObjectBytes, object.serializedBytes().count > limit else { return }
        throw APIError.etcdRequestTooLarge()
    }

    func checkIdentity(_ type: ResourceType, body: JSONValue, namespace: String, name: String?) throws(Status) {
        guard body.objectValue != nil else { throw APIError.badRequest("the body of the request was not a JSON object") }
        if let apiVersion = body.apiVersion, !apiVersion.isEmpty, apiVersion != type.apiVersion {
            let gv = GroupVersion(apiVersion: apiVersion)
            if gv.group != type.group {
                throw APIError.badRequest(
                    "the API version in the data (\(apiVersion)) does not match the expected API version (\(type.apiVersion))")
            }
        }
        if let kind = body.kind, !kind.isEmpty, kind != type.kind {
            throw APIError.badRequest("the kind in the data (\(kind)) does not match the expected kind (\(type.kind))")
        }
        if type.namespaced, let bodyNamespace = body.namespace, !bodyNamespace.isEmpty, bodyNamespace != namespace {
            throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        if let name, let bodyName = body.name, !bodyName.isEmpty, bodyName != name {
            throw APIError.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
    }

    /// New namespaced objects need an existing namespace that is not terminating.
    func checkNamespaceAcceptsNew(_ type: ResourceType, namespace: String, name: String) throws(Status) {
        guard type.namespaced else { return }
        guard let ns = objects[GroupResource(group: "", resource: "namespaces")]?[""]?[namespace] else {
            throw APIError.notFound(group: "", resource: "namespaces", name: namespace)
        }
        if ns[path: ["metadata", "deletionTimestamp"]] != nil {
            throw APIError.namespaceTerminating(type, name: name, namespace: namespace)
        }
    }
}

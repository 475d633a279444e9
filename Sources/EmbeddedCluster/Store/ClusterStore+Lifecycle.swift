import KubernetesModel

/// What the API server and its built-in controllers do around writes: defaults, CRDs
/// serving their resources, namespace finalization.
extension ClusterStore {
    static let namespacesResource = GroupResource(group: "", resource: "namespaces")

    func defaultsForNew(_ type: ResourceType, _ input: JSONValue) -> JSONValue {
        var object = input
        switch (type.group, type.kind) {
        case ("", "Namespace"):
            var labels = object.labels
            labels["kubernetes.io/metadata.name"] = object.name ?? ""
            object.labels = labels
            object["spec"] = ["finalizers": ["kubernetes"]]
            object["status"] = ["phase": "Active"]
        case ("", "Service"):
            var spec = object["spec"] ?? .object(JSONObject())
            if spec["type"] == nil { spec["type"] = "ClusterIP" }
            if spec["type"]?.stringValue != "ExternalName" {
                if (spec["clusterIP"]?.stringValue ?? "").isEmpty {
                    nextServiceIP += 1
                    spec["clusterIP"] = .string("10.96.\((nextServiceIP >> 8) & 0xFF).\(nextServiceIP & 0xFF)")
                }
                if spec["clusterIPs"] == nil, let ip = spec["clusterIP"] { spec["clusterIPs"] = [ip] }
                if spec["clusterIP"]?.stringValue != "None" {
                    if spec["ipFamilies"] == nil { spec["ipFamilies"] = ["IPv4"] }
                    if spec["ipFamilyPolicy"] == nil { spec["ipFamilyPolicy"] = "SingleStack" }
                }
                if spec["internalTrafficPolicy"] == nil { spec["internalTrafficPolicy"] = "Cluster" }
            }
            if spec["sessionAffinity"] == nil { spec["sessionAffinity"] = "None" }
            object["spec"] = spec
            object["status"] = ["loadBalancer": [:]]
        case ("", "Secret"):
            object = ObjectDefaults.foldStringData(object)
            if object["type"] == nil { object["type"] = "Opaque" }
        case ("apps", "Deployment"), ("apps", "StatefulSet"), ("apps", "ReplicaSet"), ("apps", "DaemonSet"):
            object = ObjectDefaults.workload(type.kind, object)
        case ("apiextensions.k8s.io", "CustomResourceDefinition"):
            object["status"] = ObjectDefaults.crdStatus(object, now: now)
        default:
            break
        }
        return object
    }

    func defaultsForUpdate(_ type: ResourceType, old: JSONValue, new input: JSONValue) -> JSONValue {
        var new = input
        switch (type.group, type.kind) {
        case ("", "Namespace"):
            new["spec"] = old["spec"]
            if new["status"] == nil { new["status"] = old["status"] }
        case ("", "Service"):
            let oldIP = old[path: ["spec", "clusterIP"]]
            let newIP = new[path: ["spec", "clusterIP"]]
            if newIP == nil || newIP?.stringValue == "" {
                new.set(path: ["spec", "clusterIP"], to: oldIP)
                if new[path: ["spec", "clusterIPs"]] == nil {
                    new.set(path: ["spec", "clusterIPs"], to: old[path: ["spec", "clusterIPs"]])
                }
            } else if newIP != oldIP,
                new[path: ["spec", "clusterIPs"]] == old[path: ["spec", "clusterIPs"]] || new[path: ["spec", "clusterIPs"]] == nil,
                let newIP
            {
                new.set(path: ["spec", "clusterIPs"], to: [newIP])
            }
            for key in ["ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy", "sessionAffinity", "type"]
            where new[path: ["spec", key]] == nil {
                new.set(path: ["spec", key], to: old[path: ["spec", key]])
            }
        case ("apps", "Deployment"), ("apps", "StatefulSet"), ("apps", "ReplicaSet"), ("apps", "DaemonSet"):
            new = ObjectDefaults.workload(type.kind, new)
        case ("", "Secret"):
            new = ObjectDefaults.foldStringData(new)
            if new["type"] == nil { new["type"] = old["type"] }
        case ("apiextensions.k8s.io", "CustomResourceDefinition"):
            if new["status"] == nil || Self.specChanged(old, new) {
                new["status"] = ObjectDefaults.crdStatus(
                    new,
                    now: old[path: ["status", "conditions"]] == nil
                        ? now : (old[path: ["status", "conditions"]]?.arrayValue?.first?["lastTransitionTime"]?.stringValue ?? now))
            }
        default:
            break
        }
        return new
    }

    /// Side effects of a stored create or update.
    func afterWrite(_ type: ResourceType, old: JSONValue?, new: JSONValue) {
        if type.group == "apiextensions.k8s.io", type.kind == "CustomResourceDefinition" {
            if let old {
                for served in ResourceType.fromCRD(old) { registry.remove(group: served.group, plural: served.plural) }
            }
            for served in ResourceType.fromCRD(new) { registry.add(served) }
        }
    }

    /// Side effects of an object leaving the store.
    func afterRemove(_ type: ResourceType, _ removed: JSONValue) {
        if type.group == "apiextensions.k8s.io", type.kind == "CustomResourceDefinition" {
            let served = ResourceType.fromCRD(removed)
            if let first = served.first {
                for (namespace, names) in objects[first.groupResource] ?? [:] {
                    for (name, object) in names {
                        commit(first, namespace: namespace, name: name, object: nil, previous: object)
                    }
                }
                objects[first.groupResource] = nil
            }
            for type in served { registry.remove(group: type.group, plural: type.plural) }
        }
        if type.namespaced, let namespace = removed.namespace,
            objects[Self.namespacesResource]?[""]?[namespace]?[path: ["metadata", "deletionTimestamp"]] != nil
        {
            _ = finalizeNamespace(namespace)
        }
    }

    /// The namespace controller: deletes a terminating namespace's contents and, once
    /// nothing is left, the namespace itself. Returns the removed namespace, if removed.
    @discardableResult
    func finalizeNamespace(_ namespace: String) -> JSONValue? {
        var remaining = 0
        var remainingByResource: [String: Int] = [:]
        var finalizerCounts: [String: Int] = [:]
        for type in registry.types where type.namespaced {
            guard let names = objects[type.groupResource]?[namespace] else { continue }
            for (name, object) in names {
                let finalizers = object[path: ["metadata", "finalizers"]]?.arrayValue ?? []
                if finalizers.isEmpty {
                    commit(type, namespace: namespace, name: name, object: nil, previous: object)
                } else {
                    remaining += 1
                    for case .string(let finalizer) in finalizers { finalizerCounts[finalizer, default: 0] += 1 }
                    remainingByResource["\(type.plural).\(type.group)", default: 0] += 1
                    if object[path: ["metadata", "deletionTimestamp"]] == nil {
                        let marked = Self.markedDeleting(object, now: now)
                        commit(type, namespace: namespace, name: name, object: ObjectDefaults.canonicalOrder(marked), previous: object)
                    }
                }
            }
        }
        guard let ns = objects[Self.namespacesResource]?[""]?[namespace],
            let type = registry.lookup(group: "", version: "v1", plural: "namespaces")
        else { return nil }
        guard remaining == 0 else {
            var updated = ns
            updated.set(path: ["status", "conditions"], to: Self.namespaceConditions(remainingByResource, finalizerCounts, now: now))
            if updated != ns { commit(type, namespace: "", name: namespace, object: updated, previous: ns) }
            return nil
        }
        return commit(type, namespace: "", name: namespace, object: nil, previous: ns)
    }

    /// The namespace controller's status conditions while content with finalizers remains
    /// (messages as pkg/controller/namespace/deletion writes them).
    static func namespaceConditions(_ resources: [String: Int], _ finalizers: [String: Int], now: String) -> JSONValue {
        let content = resources.keys.sorted().map { "\($0) has \(resources[$0] ?? 0) resource instances" }.joined(separator: ", ")
        let pending = finalizers.keys.sorted().map { "\($0) in \(finalizers[$0] ?? 0) resource instances" }.joined(separator: ", ")
        func condition(_ type: String, _ status: String, _ reason: String, _ message: String) -> JSONValue {
            var object: JSONObject = [
                "type": .string(type), "status": .string(status), "lastTransitionTime": .string(now), "reason": .string(reason),
            ]
            if !message.isEmpty { object["message"] = .string(message) }
            return .object(object)
        }
        return [
            condition("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered"),
            condition(
                "NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
            condition(
                "NamespaceDeletionContentFailure", "False", "ContentDeleted",
                "All content successfully deleted, may be waiting on finalization"),
            condition("NamespaceContentRemaining", "True", "SomeResourcesRemain", "Some resources are remaining: \(content)"),
            condition(
                "NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain",
                "Some content in the namespace has finalizers remaining: \(pending)"),
        ]
    }
}

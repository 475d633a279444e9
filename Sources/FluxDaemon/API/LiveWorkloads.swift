import FluxAPI
import Health
import ImageAutomation
import KubernetesClient
import KubernetesModel

/// The workloads running in the cluster as live objects, read for `list-workloads`,
/// `list-images` and `save` (image automation reads them through `ImageAutomation.ClusterWorkloads`).
struct LiveWorkloads: Sendable {
    let client: KubernetesClient
    /// `--k8s-allow-namespace`; empty allows all.
    let allowedNamespaces: [String]

    /// Live workload objects of every kind, in `namespace` or everywhere, sorted by ID.
    func objects(namespace: String?) async throws -> [JSONValue] {
        var result: [(String, JSONValue)] = []
        for gvk in ClusterWorkloads.kinds {
            let list = try await client.listAll(gvk, namespace: namespace)
            for object in list.items {
                let itemNamespace = object.namespace ?? ""
                if !allowedNamespaces.isEmpty && !allowedNamespaces.contains(itemNamespace) { continue }
                result.append((Self.id(of: object), object))
            }
        }
        return result.sorted { $0.0 < $1.0 }.map(\.1)
    }

    func statuses(namespace: String?) async throws -> [WorkloadStatus] {
        try await objects(namespace: namespace).map(Self.status(of:))
    }

    /// `namespace:kind/name`.
    static func id(of object: JSONValue) -> String {
        "\(object.namespace ?? ""):\((object.kind ?? "").lowercased())/\(object.name ?? "")"
    }

    static func podSpec(of object: JSONValue) -> JSONValue? {
        WorkloadID.podSpecPaths[object.kind ?? ""].flatMap { object[path: $0] }
    }

    static func containers(of object: JSONValue) -> [ContainerStatus] {
        let spec = podSpec(of: object)
        var result: [ContainerStatus] = []
        for (field, isInit) in [("containers", false), ("initContainers", true)] {
            for container in spec?[field]?.arrayValue ?? [] {
                result.append(
                    ContainerStatus(
                        name: container["name"]?.stringValue ?? "", image: container["image"]?.stringValue ?? "",
                        isInit: isInit))
            }
        }
        return result
    }

    /// Policy annotations without their prefix (either prefix; `fluxcd.io/` wins).
    static func policies(of object: JSONValue) -> [String: String] {
        var result: [String: String] = [:]
        let annotations = object.annotations
        for prefix in ["flux.weave.works/", "fluxcd.io/"] {
            for (key, value) in annotations where key.hasPrefix(prefix) {
                let name = String(key.dropFirst(prefix.count))
                guard name == "automated" || name == "locked" || name == "locked_user" || name == "locked_msg"
                    || name == "ignore" || name.hasPrefix("tag.")
                else { continue }
                result[name] = value
            }
        }
        return result
    }

    static func status(of object: JSONValue) -> WorkloadStatus {
        WorkloadStatus(
            id: id(of: object), containers: containers(of: object), rollout: rollout(of: object),
            policies: policies(of: object), health: HealthState.summary(StatusRules.compute(object)))
    }

    /// Rollout state the way `kubectl rollout status` judges it: the controller has seen the
    /// current generation and every desired replica is updated and ready.
    static func rollout(of object: JSONValue) -> RolloutStatus {
        let status = object["status"]
        let generation = object[path: ["metadata", "generation"]]?.int
        let observed = status?["observedGeneration"]?.int
        switch object.kind {
        case "CronJob":
            let active = status?["active"]?.arrayValue?.count ?? 0
            let suspended = object[path: ["spec", "suspend"]]?.boolValue ?? false
            return RolloutStatus(state: "ready", message: suspended ? "suspended" : "\(active) active")
        case "DaemonSet":
            guard let status, status.objectValue?.isEmpty == false else { return RolloutStatus(state: "unknown") }
            let desired = status["desiredNumberScheduled"]?.int ?? 0
            let updated = status["updatedNumberScheduled"]?.int ?? 0
            let ready = status["numberReady"]?.int ?? 0
            let done = (observed ?? 0) >= (generation ?? 0) && updated >= desired && ready >= desired
            return RolloutStatus(state: done ? "ready" : "updating", desired: desired, ready: ready, updated: updated)
        default:
            let desired = object[path: ["spec", "replicas"]]?.int ?? 1
            guard let status, status.objectValue?.isEmpty == false else {
                return RolloutStatus(state: "unknown", desired: desired)
            }
            let updated = status["updatedReplicas"]?.int ?? (object.kind == "StatefulSet" ? status["currentReplicas"]?.int ?? 0 : 0)
            let ready = status["readyReplicas"]?.int ?? 0
            let done = (observed ?? 0) >= (generation ?? 0) && updated >= desired && ready >= desired
            return RolloutStatus(state: done ? "ready" : "updating", desired: desired, ready: ready, updated: updated)
        }
    }
}

extension JSONValue {
    /// An integer field as `Int`.
    fileprivate var int: Int? { intValue.map { Int($0) } }
}

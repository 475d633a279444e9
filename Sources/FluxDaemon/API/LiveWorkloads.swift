import FluxAPI
import Health
import ImageAutomation
import ImagePolicy
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
        var result: [(WorkloadID, JSONValue)] = []
        for gvk in ClusterWorkloads.kinds {
            let list: ObjectList
            do {
                list = try await client.listAll(gvk, namespace: namespace)
            } catch {
                // A kind the cluster does not serve (HelmRelease without the Helm operator's CRD).
                if error.isUnknownKind || error.isNotFound { continue }
                throw error
            }
            for object in list.items {
                let itemNamespace = object.namespace ?? ""
                if !allowedNamespaces.isEmpty && !allowedNamespaces.contains(itemNamespace) { continue }
                result.append((Self.workloadID(of: object), object))
            }
        }
        return result.sorted { $0.0 < $1.0 }.map(\.1)
    }

    func statuses(namespace: String?) async throws -> [WorkloadStatus] {
        try await objects(namespace: namespace).map(Self.status(of:))
    }

    /// The workload ID of a live object (`namespace:kind/name`).
    static func workloadID(of object: JSONValue) -> WorkloadID {
        WorkloadID(namespace: object.namespace ?? "", kind: object.kind ?? "", name: object.name ?? "")
    }

    static func podSpec(of object: JSONValue) -> JSONValue? {
        WorkloadID.podSpecPaths[object.kind ?? ""].flatMap { object[path: $0] }
    }

    static func containers(of object: JSONValue) -> [ContainerStatus] {
        let spec = podSpec(of: object)
        var result = HelmReleaseImages.containers(of: object).map { ContainerStatus(name: $0.name, image: $0.image.description) }
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

    static func status(of object: JSONValue) -> WorkloadStatus {
        let id = workloadID(of: object)
        let containers = containers(of: object)
        let policies = WorkloadPolicies(annotations: object.annotations, workload: id)
        let errors = policies.errors(containers: containers.map(\.name)).map(\.description)
        return WorkloadStatus(
            id: id.description, containers: containers, rollout: rollout(of: object), policies: policies.values,
            policyErrors: errors.isEmpty ? nil : errors, health: HealthState.summary(StatusRules.compute(object)))
    }

    /// Rollout state the way `kubectl rollout status` judges it: the controller has seen the
    /// current generation and every desired replica is updated and ready.
    static func rollout(of object: JSONValue) -> RolloutStatus {
        let status = object["status"]
        let generation = object[path: ["metadata", "generation"]]?.int
        let observed = status?["observedGeneration"]?.int
        switch object.kind {
        case "HelmRelease", "FluxHelmRelease":
            // The Helm operator's `status.releaseStatus` (`deployed` once the release is installed).
            guard let release = status?["releaseStatus"]?.stringValue else { return RolloutStatus(state: "unknown") }
            let done = release == "deployed" && (observed ?? 0) >= (generation ?? 0)
            return RolloutStatus(state: done ? "ready" : "updating", message: release)
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

import KubernetesModel
import Logging

/// Stand-ins for the workload controllers: after a delay, Deployments, StatefulSets and
/// DaemonSets report every replica ready for their current generation and Jobs report
/// completion, so health checks and `kubectl rollout status`/`wait` can be exercised.
struct SimulatedControllers: Sendable {
    let store: ClusterStore
    let delay: Duration
    let logger: Logger

    static let kinds: Set<String> = ["deployments", "statefulsets", "daemonsets", "jobs"]

    func run() async {
        let subscription = await store.watchAll()
        let store = self.store
        let delay = self.delay
        await withDiscardingTaskGroup { group in
            for await event in subscription.events {
                guard event.kind == .added || event.kind == .modified,
                    Self.kinds.contains(event.resource.resource), event.resource.group == "apps" || event.resource.group == "batch",
                    let name = event.object.name
                else { continue }
                let generation = event.object[path: ["metadata", "generation"]]?.intValue ?? 1
                if event.object[path: ["status", "observedGeneration"]]?.intValue == generation { continue }
                if event.object[path: ["status", "completionTime"]] != nil { continue }
                let resource = event.resource
                let namespace = event.namespace
                group.addTask {
                    do {
                        try await Task.sleep(for: delay)
                    } catch {
                        return
                    }
                    await store.simulateReady(resource, namespace: namespace, name: name, generation: generation)
                }
            }
        }
        await store.cancelWatch(subscription.id)
    }
}

extension ClusterStore {
    /// Writes the "rolled out" / "complete" status for the object's current generation.
    func simulateReady(_ resource: GroupResource, namespace: String, name: String, generation: Int64) {
        guard let type = registry.anyVersion(of: resource), let old = objects[resource]?[namespace]?[name],
            (old[path: ["metadata", "generation"]]?.intValue ?? 1) == generation
        else { return }
        var new = old
        new["status"] = Self.readyStatus(type, old, generation: generation, now: now)
        guard new != old else { return }
        commit(type, namespace: namespace, name: name, object: new, previous: old)
    }

    static func readyStatus(_ type: ResourceType, _ object: JSONValue, generation: Int64, now: String) -> JSONValue {
        let replicas = object[path: ["spec", "replicas"]]?.intValue ?? 1
        switch type.kind {
        case "Deployment":
            return [
                "observedGeneration": .integer(generation), "replicas": .integer(replicas),
                "updatedReplicas": .integer(replicas), "readyReplicas": .integer(replicas),
                "availableReplicas": .integer(replicas),
                "conditions": [
                    ["type": "Available", "status": "True", "lastUpdateTime": .string(now), "lastTransitionTime": .string(now),
                     "reason": "MinimumReplicasAvailable", "message": "Deployment has minimum availability."],
                    ["type": "Progressing", "status": "True", "lastUpdateTime": .string(now), "lastTransitionTime": .string(now),
                     "reason": "NewReplicaSetAvailable",
                     "message": .string("ReplicaSet \"\(object.name ?? "")\" has successfully progressed.")],
                ],
            ]
        case "StatefulSet":
            return [
                "observedGeneration": .integer(generation), "replicas": .integer(replicas), "readyReplicas": .integer(replicas),
                "currentReplicas": .integer(replicas), "updatedReplicas": .integer(replicas),
                "availableReplicas": .integer(replicas), "currentRevision": .string("\(object.name ?? "")-1"),
                "updateRevision": .string("\(object.name ?? "")-1"), "collisionCount": 0,
            ]
        case "DaemonSet":
            return [
                "observedGeneration": .integer(generation), "desiredNumberScheduled": 1, "currentNumberScheduled": 1,
                "numberReady": 1, "updatedNumberScheduled": 1, "numberAvailable": 1, "numberMisscheduled": 0,
            ]
        default:
            let completions = object[path: ["spec", "completions"]]?.intValue ?? 1
            return [
                "conditions": [
                    ["type": "SuccessCriteriaMet", "status": "True", "lastProbeTime": .string(now),
                     "lastTransitionTime": .string(now), "reason": "CompletionsReached", "message": "Reached expected number of succeeded pods"],
                    ["type": "Complete", "status": "True", "lastProbeTime": .string(now), "lastTransitionTime": .string(now),
                     "reason": "CompletionsReached", "message": "Reached expected number of succeeded pods"],
                ],
                "startTime": .string(now), "completionTime": .string(now), "succeeded": .integer(completions),
                "ready": 0, "terminating": 0,
            ]
        }
    }
}

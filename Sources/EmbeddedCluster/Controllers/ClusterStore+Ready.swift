import KubernetesModel

extension ClusterStore {
    /// Writes the "rolled out" / "complete" status of a StatefulSet, DaemonSet or Job for its
    /// current generation; with an image that cannot be pulled, no replica is ready and a Job
    /// stays active.
    func simulateReady(_ resource: GroupResource, namespace: String, name: String, generation: Int64, pullable: Bool = true) {
        guard let type = registry.anyVersion(of: resource), let old = objects[resource]?[namespace]?[name],
            (old[path: ["metadata", "generation"]]?.intValue ?? 1) == generation
        else { return }
        var new = old
        new["status"] =
            pullable
            ? Self.readyStatus(type, old, generation: generation, now: now)
            : Self.stuckStatus(type, old, generation: generation, now: now)
        guard new != old else { return }
        commit(type, namespace: namespace, name: name, object: new, previous: old)
    }

    static func readyStatus(_ type: ResourceType, _ object: JSONValue, generation: Int64, now: String, replicaSet: String? = nil)
        -> JSONValue
    {
        let replicas = object[path: ["spec", "replicas"]]?.intValue ?? 1
        switch type.kind {
        case "Deployment":
            return [
                "observedGeneration": .integer(generation), "replicas": .integer(replicas),
                "updatedReplicas": .integer(replicas), "readyReplicas": .integer(replicas),
                "availableReplicas": .integer(replicas),
                "conditions": [
                    condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now: now),
                    condition(
                        "Progressing", "True", "NewReplicaSetAvailable",
                        "ReplicaSet \"\(replicaSet ?? object.name ?? "")\" has successfully progressed.", now: now),
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
                    [
                        "type": "SuccessCriteriaMet", "status": "True", "lastProbeTime": .string(now),
                        "lastTransitionTime": .string(now), "reason": "CompletionsReached",
                        "message": "Reached expected number of succeeded pods",
                    ],
                    [
                        "type": "Complete", "status": "True", "lastProbeTime": .string(now), "lastTransitionTime": .string(now),
                        "reason": "CompletionsReached", "message": "Reached expected number of succeeded pods",
                    ],
                ],
                "startTime": .string(now), "completionTime": .string(now), "succeeded": .integer(completions),
                "ready": 0, "terminating": 0,
            ]
        }
    }

    /// The status when the pods cannot start: observed, scheduled, nothing ready.
    static func stuckStatus(_ type: ResourceType, _ object: JSONValue, generation: Int64, now: String) -> JSONValue {
        let replicas = object[path: ["spec", "replicas"]]?.intValue ?? 1
        switch type.kind {
        case "StatefulSet":
            // The StatefulSet controller creates pods one at a time and waits for each.
            return [
                "observedGeneration": .integer(generation), "replicas": .integer(min(replicas, 1)), "readyReplicas": 0,
                "currentReplicas": .integer(min(replicas, 1)), "updatedReplicas": .integer(min(replicas, 1)),
                "availableReplicas": 0, "currentRevision": .string("\(object.name ?? "")-1"),
                "updateRevision": .string("\(object.name ?? "")-1"), "collisionCount": 0,
            ]
        case "DaemonSet":
            return [
                "observedGeneration": .integer(generation), "desiredNumberScheduled": 1, "currentNumberScheduled": 1,
                "numberReady": 0, "updatedNumberScheduled": 1, "numberAvailable": 0, "numberUnavailable": 1,
                "numberMisscheduled": 0,
            ]
        default:
            return ["startTime": .string(now), "active": 1, "ready": 0, "terminating": 0]
        }
    }
}

/// Pod statuses as the kubelet reports them.
enum SimulatedPods {
    static func containerNames(_ pod: JSONValue) -> [(name: String, image: String)] {
        (pod[path: ["spec", "containers"]]?.arrayValue ?? []).map {
            ($0["name"]?.stringValue ?? "", $0["image"]?.stringValue ?? "")
        }
    }

    static func condition(_ type: String, _ status: String, now: String, reason: String? = nil, message: String? = nil)
        -> JSONValue
    {
        var condition: JSONObject = [
            "type": .string(type), "status": .string(status), "lastProbeTime": .null, "lastTransitionTime": .string(now),
        ]
        if let reason { condition["reason"] = .string(reason) }
        if let message { condition["message"] = .string(message) }
        return .object(condition)
    }

    static func base(_ phase: String, now: String, conditions: [JSONValue], containers: [JSONValue]) -> JSONValue {
        [
            "phase": .string(phase), "conditions": .array(conditions), "hostIP": "127.0.0.1",
            "startTime": .string(now), "containerStatuses": .array(containers), "qosClass": "BestEffort",
        ]
    }

    static func starting(_ pod: JSONValue, now: String) -> JSONValue {
        let names = containerNames(pod).map(\.name)
        let unready = "containers with unready status: [\(names.joined(separator: " "))]"
        return base(
            "Pending", now: now,
            conditions: [
                condition("Initialized", "True", now: now),
                condition("Ready", "False", now: now, reason: "ContainersNotReady", message: unready),
                condition("ContainersReady", "False", now: now, reason: "ContainersNotReady", message: unready),
                condition("PodScheduled", "True", now: now),
            ],
            containers: containerNames(pod).map { container in
                [
                    "name": .string(container.name), "image": .string(container.image), "imageID": "", "ready": false,
                    "started": false, "restartCount": 0, "state": ["waiting": ["reason": "ContainerCreating"]],
                ]
            })
    }

    static func imagePullBackOff(_ pod: JSONValue, failures: [PullFailure], now: String) -> JSONValue {
        let names = containerNames(pod).map(\.name)
        let unready = "containers with unready status: [\(names.joined(separator: " "))]"
        return base(
            "Pending", now: now,
            conditions: [
                condition("Initialized", "True", now: now),
                condition("Ready", "False", now: now, reason: "ContainersNotReady", message: unready),
                condition("ContainersReady", "False", now: now, reason: "ContainersNotReady", message: unready),
                condition("PodScheduled", "True", now: now),
            ],
            containers: containerNames(pod).map { container in
                let waiting: JSONValue
                if let failure = failures.first(where: { $0.container == container.name }) {
                    waiting = [
                        "reason": "ImagePullBackOff",
                        "message": .string("Back-off pulling image \"\(failure.image)\": ErrImagePull: \(failure.reason)"),
                    ]
                } else {
                    waiting = ["reason": "ContainerCreating"]
                }
                return [
                    "name": .string(container.name), "image": .string(container.image), "imageID": "", "ready": false,
                    "started": false, "restartCount": 0, "state": ["waiting": waiting],
                ]
            })
    }

    static func running(_ pod: JSONValue, now: String) -> JSONValue {
        base(
            "Running", now: now,
            conditions: [
                condition("Initialized", "True", now: now), condition("Ready", "True", now: now),
                condition("ContainersReady", "True", now: now), condition("PodScheduled", "True", now: now),
            ],
            containers: containerNames(pod).map { container in
                [
                    "name": .string(container.name), "image": .string(container.image), "imageID": "", "ready": true,
                    "started": true, "restartCount": 0, "state": ["running": ["startedAt": .string(now)]],
                ]
            })
    }
}

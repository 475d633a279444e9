import Foundation
import KubernetesModel

/// The deployment controller's and kubelet's writes, made inside the store so each step is
/// one consistent change.
extension ClusterStore {
    static let replicaSets = GroupResource(group: "apps", resource: "replicasets")
    static let pods = GroupResource(group: "", resource: "pods")
    static let deployments = GroupResource(group: "apps", resource: "deployments")

    /// The Deployment, if it still has `generation`.
    func liveDeployment(_ namespace: String, _ name: String, generation: Int64) -> (ResourceType, JSONValue)? {
        guard let type = registry.anyVersion(of: Self.deployments), let object = objects[Self.deployments]?[namespace]?[name],
            (object[path: ["metadata", "generation"]]?.intValue ?? 1) == generation,
            object[path: ["metadata", "deletionTimestamp"]] == nil
        else { return nil }
        return (type, object)
    }

    /// Objects of `resource` in `namespace` that name `ownerUID` in their ownerReferences.
    func owned(_ resource: GroupResource, namespace: String, by ownerUID: String) -> [JSONValue] {
        (objects[resource]?[namespace] ?? [:]).values.filter { object in
            (object[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).contains { $0["uid"]?.stringValue == ownerUID }
        }.sorted { ($0.name ?? "") < ($1.name ?? "") }
    }

    /// Deletes what a deleted Deployment owned: its ReplicaSets and their Pods.
    func simulateCascade(namespace: String, ownerUID: String) {
        for replicaSet in owned(Self.replicaSets, namespace: namespace, by: ownerUID) {
            removeReplicaSet(replicaSet, namespace: namespace)
        }
    }

    func removeReplicaSet(_ replicaSet: JSONValue, namespace: String) {
        if let uid = replicaSet.uid, let podType = registry.anyVersion(of: Self.pods) {
            for pod in owned(Self.pods, namespace: namespace, by: uid) {
                remove(podType, namespace: namespace, name: pod.name ?? "")
            }
        }
        if let type = registry.anyVersion(of: Self.replicaSets) { remove(type, namespace: namespace, name: replicaSet.name ?? "") }
    }

    func remove(_ type: ResourceType, namespace: String, name: String) {
        do {
            _ = try delete(type, namespace: namespace, name: name, options: DeleteOptions())
        } catch {
            logger.debug("simulated controller could not delete", metadata: ["object": "\(type.plural)/\(name)", "error": "\(error)"])
        }
    }

    /// The controller sees a new generation: one ReplicaSet for the current template (older
    /// ones and their pods go), its pods created and starting, progress reported.
    func simulateRolloutStart(namespace: String, name: String, generation: Int64, kubelet: SimulatedKubelet) -> RolloutStart? {
        guard let (type, deployment) = liveDeployment(namespace, name, generation: generation), let uid = deployment.uid,
            let rsType = registry.anyVersion(of: Self.replicaSets), let podType = registry.anyVersion(of: Self.pods)
        else { return nil }
        let template = deployment[path: ["spec", "template"]] ?? [:]
        let hash = ControllerNames.templateHash(template)
        let rsName = "\(name)-\(hash)"
        let replicas = deployment[path: ["spec", "replicas"]]?.intValue ?? 1
        for old in owned(Self.replicaSets, namespace: namespace, by: uid) where old.name != rsName {
            removeReplicaSet(old, namespace: namespace)
        }
        var podTemplate = template
        podTemplate.set(path: ["metadata", "labels", "pod-template-hash"], to: .string(hash))
        var replicaSet = objects[Self.replicaSets]?[namespace]?[rsName]
        if replicaSet == nil {
            var selector = deployment[path: ["spec", "selector"]] ?? [:]
            selector.set(path: ["matchLabels", "pod-template-hash"], to: .string(hash))
            let body: JSONValue = [
                "apiVersion": "apps/v1", "kind": "ReplicaSet",
                "metadata": [
                    "name": .string(rsName), "namespace": .string(namespace),
                    "labels": podTemplate[path: ["metadata", "labels"]] ?? [:],
                    "annotations": ["deployment.kubernetes.io/desired-replicas": .string(String(replicas))],
                    "ownerReferences": [Self.ownerReference(type.apiVersion, "Deployment", name, uid)],
                ],
                "spec": ["replicas": .integer(replicas), "selector": selector, "template": podTemplate],
            ]
            // try?, deliberate: a refused create (namespace terminating) just ends the simulation.
            replicaSet = try? create(
                rsType, namespace: namespace, body: body, options: WriteOptions(fieldManager: "kube-controller-manager"))
        }
        guard let replicaSet, let rsUID = replicaSet.uid else { return nil }
        let existing = owned(Self.pods, namespace: namespace, by: rsUID)
        for extra in existing.dropFirst(Int(max(replicas, 0))) { remove(podType, namespace: namespace, name: extra.name ?? "") }
        for _ in existing.count..<max(existing.count, Int(replicas)) {
            var pod: JSONValue = [
                "apiVersion": "v1", "kind": "Pod",
                "metadata": [
                    "name": .string("\(rsName)-\(ControllerNames.podSuffix())"), "namespace": .string(namespace),
                    "labels": podTemplate[path: ["metadata", "labels"]] ?? [:],
                    "ownerReferences": [Self.ownerReference("apps/v1", "ReplicaSet", rsName, rsUID)],
                ],
                "spec": podTemplate["spec"] ?? [:],
            ]
            pod.set(path: ["spec", "nodeName"], to: "embedded-node")
            if let created = try? create(
                podType, namespace: namespace, body: pod, options: WriteOptions(fieldManager: "kube-controller-manager"))
            {  // deliberate: as above
                setPodStatus(podType, created, SimulatedPods.starting(created, now: now))
            }
        }
        var progressing = deployment
        progressing["status"] = Self.progressingStatus(deployment, generation: generation, replicaSet: rsName, now: now)
        if progressing != deployment { commit(type, namespace: namespace, name: name, object: progressing, previous: deployment) }
        let failures = kubelet.pullFailures(of: deployment).map { PullFailure(container: $0.container, image: $0.image, reason: $0.reason) }
        return RolloutStart(
            replicaSet: rsName, pullFailures: failures,
            progressDeadlineSeconds: deployment[path: ["spec", "progressDeadlineSeconds"]]?.intValue ?? 600)
    }

    func setPodStatus(_ type: ResourceType, _ pod: JSONValue, _ status: JSONValue) {
        guard let name = pod.name, let namespace = pod.namespace, let old = objects[Self.pods]?[namespace]?[name] else { return }
        var new = old
        new["status"] = status
        if new != old { commit(type, namespace: namespace, name: name, object: new, previous: old) }
    }

    func podsOf(replicaSet name: String, namespace: String) -> (ResourceType, [JSONValue])? {
        guard let podType = registry.anyVersion(of: Self.pods), let uid = objects[Self.replicaSets]?[namespace]?[name]?.uid
        else { return nil }
        return (podType, owned(Self.pods, namespace: namespace, by: uid))
    }

    /// The kubelet cannot pull an image: pods wait in `ImagePullBackOff`. Returns whether the
    /// rollout is still the Deployment's current one.
    func simulateImagePullBackOff(
        namespace: String, name: String, generation: Int64, replicaSet: String, failures: [PullFailure]
    ) -> Bool {
        guard liveDeployment(namespace, name, generation: generation) != nil else { return false }
        if let (podType, pods) = podsOf(replicaSet: replicaSet, namespace: namespace) {
            for pod in pods { setPodStatus(podType, pod, SimulatedPods.imagePullBackOff(pod, failures: failures, now: now)) }
        }
        updateReplicaSetStatus(replicaSet, namespace: namespace, ready: false)
        return true
    }

    /// `progressDeadlineSeconds` passed without the new pods becoming available.
    func simulateProgressDeadlineExceeded(namespace: String, name: String, generation: Int64, replicaSet: String) {
        guard let (type, old) = liveDeployment(namespace, name, generation: generation) else { return }
        var new = old
        var conditions = (old[path: ["status", "conditions"]]?.arrayValue ?? []).filter { $0["type"] != "Progressing" }
        conditions.append(
            Self.condition(
                "Progressing", "False", "ProgressDeadlineExceeded", "ReplicaSet \"\(replicaSet)\" has timed out progressing.",
                now: now))
        new.set(path: ["status", "conditions"], to: .array(conditions))
        commit(type, namespace: namespace, name: name, object: new, previous: old)
    }

    /// Every new pod runs and is ready: the Deployment is available.
    func simulateRolloutComplete(namespace: String, name: String, generation: Int64, replicaSet: String) {
        guard let (type, old) = liveDeployment(namespace, name, generation: generation) else { return }
        if let (podType, pods) = podsOf(replicaSet: replicaSet, namespace: namespace) {
            for pod in pods { setPodStatus(podType, pod, SimulatedPods.running(pod, now: now)) }
        }
        updateReplicaSetStatus(replicaSet, namespace: namespace, ready: true)
        var new = old
        new["status"] = Self.readyStatus(type, old, generation: generation, now: now, replicaSet: replicaSet)
        if new != old { commit(type, namespace: namespace, name: name, object: new, previous: old) }
    }

    func updateReplicaSetStatus(_ name: String, namespace: String, ready: Bool) {
        guard let type = registry.anyVersion(of: Self.replicaSets), let old = objects[Self.replicaSets]?[namespace]?[name]
        else { return }
        let replicas = old[path: ["spec", "replicas"]]?.intValue ?? 1
        var new = old
        new["status"] = [
            "replicas": .integer(replicas), "fullyLabeledReplicas": .integer(replicas),
            "readyReplicas": .integer(ready ? replicas : 0), "availableReplicas": .integer(ready ? replicas : 0),
            "observedGeneration": .integer(old[path: ["metadata", "generation"]]?.intValue ?? 1),
        ]
        if new != old { commit(type, namespace: namespace, name: name, object: new, previous: old) }
    }

    static func ownerReference(_ apiVersion: String, _ kind: String, _ name: String, _ uid: String) -> JSONValue {
        [
            "apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name), "uid": .string(uid),
            "controller": true, "blockOwnerDeletion": true,
        ]
    }

    static func condition(_ type: String, _ status: String, _ reason: String, _ message: String, now: String) -> JSONValue {
        [
            "type": .string(type), "status": .string(status), "lastUpdateTime": .string(now),
            "lastTransitionTime": .string(now), "reason": .string(reason), "message": .string(message),
        ]
    }

    /// The deployment controller's status while new pods start: all updated, none available.
    static func progressingStatus(_ deployment: JSONValue, generation: Int64, replicaSet: String, now: String) -> JSONValue {
        let replicas = deployment[path: ["spec", "replicas"]]?.intValue ?? 1
        let wasAvailable = (deployment[path: ["status", "conditions"]]?.arrayValue ?? []).contains {
            $0["type"] == "Available" && $0["status"] == "True"
        }
        var status: JSONObject = [
            "observedGeneration": .integer(generation), "replicas": .integer(replicas),
            "updatedReplicas": .integer(replicas),
        ]
        if replicas > 0 { status["unavailableReplicas"] = .integer(replicas) }
        status["conditions"] = [
            wasAvailable
                ? condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now: now)
                : condition(
                    "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now: now),
            condition("Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"\(replicaSet)\" is progressing.", now: now),
        ]
        return .object(status)
    }
}

import Foundation

/// kstatus's rules for the workload controllers' objects (`core.go`).
extension StatusRules {
    /// A Deployment is current when every replica is updated, available and ready and the
    /// controller reports the new ReplicaSet available; `ProgressDeadlineExceeded` is failed.
    static func deployment(_ object: ObjectView) -> HealthResult {
        // Without progressDeadlineSeconds the controller never sets Progressing (it is 2^31-1 then).
        let deadline = object.int(["spec", "progressDeadlineSeconds"], default: Int64(Int32.max))
        var progressing = deadline == Int64(Int32.max)
        var available = false
        for condition in object.conditions {
            switch condition.type {
            case "Progressing":
                if condition.reason == "ProgressDeadlineExceeded" {
                    return .failed(
                        condition.reason,
                        "Progress deadline exceeded" + (condition.message.isEmpty ? "" : ": \(condition.message)"))
                }
                if condition.status == "True" && condition.reason == "NewReplicaSetAvailable" { progressing = true }
            case "Available":
                if condition.status == "True" { available = true }
            default:
                break
            }
        }
        let spec = object.int(["spec", "replicas"], default: 1)
        let replicas = object.int(["status", "replicas"], default: 0)
        let updated = object.int(["status", "updatedReplicas"], default: 0)
        let ready = object.int(["status", "readyReplicas"], default: 0)
        let availableReplicas = object.int(["status", "availableReplicas"], default: 0)
        if spec > replicas { return .inProgress("LessReplicas", "Replicas: \(replicas)/\(spec)") }
        if spec > updated { return .inProgress("LessUpdated", "Updated: \(updated)/\(spec)") }
        if replicas > spec { return .inProgress("ExtraPods", "Pending termination: \(replicas - spec)") }
        if updated > availableReplicas {
            return .inProgress("LessAvailable", "Available: \(availableReplicas)/\(updated)")
        }
        if spec > ready { return .inProgress("LessReady", "Ready: \(ready)/\(spec)") }
        if !progressing { return .inProgress("ReplicaSetNotAvailable", "ReplicaSet not Available") }
        if !available { return .inProgress("DeploymentNotAvailable", "Deployment not Available") }
        return .current("Deployment is available. Replicas: \(replicas)")
    }

    /// StatefulSets set no conditions: replicas, partitions and revisions decide.
    static func statefulSet(_ object: ObjectView) -> HealthResult {
        if object.string(["spec", "updateStrategy", "type"]) == "OnDelete" {
            return .current("StatefulSet is using the ondelete update strategy")
        }
        let spec = object.int(["spec", "replicas"], default: 1)
        let ready = object.int(["status", "readyReplicas"], default: 0)
        let current = object.int(["status", "currentReplicas"], default: 0)
        let updated = object.int(["status", "updatedReplicas"], default: 0)
        let replicas = object.int(["status", "replicas"], default: 0)
        let partition = object.int(["spec", "updateStrategy", "rollingUpdate", "partition"], default: -1)
        if spec > replicas { return .inProgress("LessReplicas", "Replicas: \(replicas)/\(spec)") }
        if spec > ready { return .inProgress("LessReady", "Ready: \(ready)/\(spec)") }
        if replicas > spec { return .inProgress("ExtraPods", "Pending termination: \(replicas - spec)") }
        if partition != -1 {
            if updated < spec - partition {
                return .inProgress("PartitionRollout", "updated: \(updated)/\(spec - partition)")
            }
            return .current("Partition rollout complete. updated: \(updated)")
        }
        if spec > current { return .inProgress("LessCurrent", "current: \(current)/\(spec)") }
        if object.string(["status", "currentRevision"], default: "") != object.string(["status", "updateRevision"], default: "") {
            return .inProgress("RevisionMismatch", "Waiting for updated revision to match current")
        }
        return .current("All replicas scheduled as expected. Replicas: \(replicas)")
    }

    /// A DaemonSet must have been observed (generation and observedGeneration set), then every
    /// desired pod current, updated, available and ready.
    static func daemonSet(_ object: ObjectView) -> HealthResult {
        if object.int(["metadata", "generation"]) == nil {
            return .inProgress("NoGeneration", "\(object.kind) metadata.generation not found")
        }
        if object.int(["status", "observedGeneration"]) == nil {
            return .inProgress("NoObservedGeneration", "\(object.kind) status.observedGeneration not found")
        }
        let desired = object.int(["status", "desiredNumberScheduled"], default: -1)
        let current = object.int(["status", "currentNumberScheduled"], default: 0)
        let updated = object.int(["status", "updatedNumberScheduled"], default: 0)
        let available = object.int(["status", "numberAvailable"], default: 0)
        let ready = object.int(["status", "numberReady"], default: 0)
        if desired == -1 { return .inProgress("NoDesiredNumber", "Missing .status.desiredNumberScheduled") }
        if desired > current { return .inProgress("LessCurrent", "Current: \(current)/\(desired)") }
        if desired > updated { return .inProgress("LessUpdated", "Updated: \(updated)/\(desired)") }
        if desired > available { return .inProgress("LessAvailable", "Available: \(available)/\(desired)") }
        if desired > ready { return .inProgress("LessReady", "Ready: \(ready)/\(desired)") }
        return .current("All replicas scheduled as expected. Replicas: \(desired)")
    }

    static func replicaSet(_ object: ObjectView) -> HealthResult {
        if object.conditions.contains(where: { $0.type == "ReplicaFailure" && $0.status == "True" }) {
            return .inProgress("ReplicaFailure", "Replica Failure condition. Check Pods")
        }
        let spec = object.int(["spec", "replicas"], default: 1)
        let replicas = object.int(["status", "replicas"], default: 0)
        let ready = object.int(["status", "readyReplicas"], default: 0)
        let available = object.int(["status", "availableReplicas"], default: 0)
        let labelled = object.int(["status", "fullyLabeledReplicas"], default: 0)
        if spec > labelled { return .inProgress("LessLabelled", "Labelled: \(labelled)/\(spec)") }
        if spec > available { return .inProgress("LessAvailable", "Available: \(available)/\(spec)") }
        if spec > ready { return .inProgress("LessReady", "Ready: \(ready)/\(spec)") }
        if replicas > spec { return .inProgress("ExtraPods", "Pending termination: \(replicas - spec)") }
        return .current("ReplicaSet is available. Replicas: \(replicas)")
    }

    /// A Job is current once started (running or complete), failed when its `Failed` condition is true.
    static func job(_ object: ObjectView) -> HealthResult {
        let parallelism = object.int(["spec", "parallelism"], default: 1)
        let completions = object.int(["spec", "completions"], default: parallelism)
        let succeeded = object.int(["status", "succeeded"], default: 0)
        let active = object.int(["status", "active"], default: 0)
        let failed = object.int(["status", "failed"], default: 0)
        for condition in object.conditions where condition.status == "True" {
            switch condition.type {
            case "Complete": return .current("Job Completed. succeeded: \(succeeded)/\(completions)")
            case "Failed": return .failed("JobFailed", "Job Failed. failed: \(failed)/\(completions)")
            case "Suspended": return .current("Job is suspended")
            default: break
            }
        }
        if object.string(["status", "startTime"], default: "").isEmpty {
            return .inProgress("JobNotStarted", "Job not started")
        }
        return .current("Job in progress. success:\(succeeded), active: \(active), failed: \(failed)")
    }

    /// A Pod is current when ready or finished; crash-looping containers, or being
    /// unschedulable for longer than `scheduleWindow`, are failures.
    static func pod(_ object: ObjectView, now: Date) -> HealthResult {
        let phase = object.string(["status", "phase"], default: "")
        switch phase {
        case "Succeeded":
            return .current("Pod has completed successfully")
        case "Failed":
            return .current("Pod has completed, but not successfully")
        case "Running":
            if object.condition("Ready")?.status == "True" { return .current("Pod is Ready") }
            let looping = crashLoopingContainers(object)
            if !looping.isEmpty {
                return .failed("ContainerCrashLooping", "Containers in CrashLoop state: \(looping.joined(separator: ","))")
            }
            return .inProgress("PodRunningNotReady", "Pod is running but is not Ready")
        case "Pending":
            if let scheduled = object.condition("PodScheduled"), scheduled.status == "False",
                scheduled.reason == "Unschedulable"
            {
                let created = object.string(["metadata", "creationTimestamp"]).flatMap(Timestamps.parse) ?? .distantPast
                if now.addingTimeInterval(-scheduleWindow) < created {
                    return .inProgress("PodNotScheduled", "Pod has not been scheduled")
                }
                return .failed("PodUnschedulable", "Pod could not be scheduled")
            }
            return .inProgress("PodPending", "Pod is in the Pending phase")
        case "":
            return .inProgress("PodNotObserved", "Pod phase not available")
        default:
            return HealthResult(.unknown, reason: "UnknownPhase", message: "unknown phase \(phase)")
        }
    }

    static func crashLoopingContainers(_ object: ObjectView) -> [String] {
        (object.json[path: ["status", "containerStatuses"]]?.arrayValue ?? []).compactMap { status in
            guard let name = status["name"]?.stringValue,
                status[path: ["state", "waiting", "reason"]]?.stringValue == "CrashLoopBackOff"
            else { return nil }
            return name
        }
    }
}

/// RFC 3339 timestamps as the API server writes them.
enum Timestamps {
    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }  // deliberate: nil means "no usable time"
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))  // same
    }
}

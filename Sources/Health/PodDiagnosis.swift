import KubernetesClient
import KubernetesModel

/// Why a workload's pods are not ready, in the words the kubelet and scheduler use: waiting
/// reasons of containers (`ImagePullBackOff`, `CrashLoopBackOff`, `CreateContainerConfigError`),
/// `Unschedulable` pods. Best effort: a workload whose pods cannot be read gets no details.
struct PodDiagnosis: Sendable {
    static let workloadKinds: Set<String> = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]
    /// Waiting reasons that are only a step of a normal start.
    static let ordinaryWaits: Set<String> = ["ContainerCreating", "PodInitializing"]
    /// At most this many details per workload.
    static let limit = 3

    let client: KubernetesClient

    func explain(_ workload: JSONValue) async -> [String] {
        guard let namespace = workload.namespace,
            let labels = workload[path: ["spec", "selector", "matchLabels"]]?.objectValue, !labels.isEmpty
        else { return [] }
        let selector = labels.compactMap { key, value in value.stringValue.map { "\(key)=\($0)" } }.sorted()
            .joined(separator: ",")
        let pods: [JSONValue]
        do {
            pods = try await client.list(
                GroupVersionKind(group: "", version: "v1", kind: "Pod"), namespace: namespace,
                options: ListOptions(labelSelector: selector, limit: 50)
            ).items
        } catch {
            return []
        }
        return Self.details(pods: pods)
    }

    /// The distinct problems of `pods`, most specific first.
    static func details(pods: [JSONValue]) -> [String] {
        var found: [String] = []
        func add(_ text: String) {
            if !found.contains(text) && found.count < limit { found.append(text) }
        }
        for pod in pods.sorted(by: { ($0.name ?? "") < ($1.name ?? "") }) {
            let name = pod.name ?? ""
            for field in ["initContainerStatuses", "containerStatuses"] {
                for status in pod[path: ["status", field]]?.arrayValue ?? [] {
                    guard let reason = status[path: ["state", "waiting", "reason"]]?.stringValue,
                        !ordinaryWaits.contains(reason)
                    else { continue }
                    let message = status[path: ["state", "waiting", "message"]]?.stringValue ?? ""
                    let container = status["name"]?.stringValue ?? ""
                    add("pod \(name) container \(container): \(reason)" + (message.isEmpty ? "" : ": \(message)"))
                }
            }
            for condition in pod[path: ["status", "conditions"]]?.arrayValue ?? []
            where condition["type"] == "PodScheduled" && condition["status"] == "False" {
                let message = condition["message"]?.stringValue ?? ""
                add("pod \(name): \(condition["reason"]?.stringValue ?? "NotScheduled")" + (message.isEmpty ? "" : ": \(message)"))
            }
        }
        return found
    }
}

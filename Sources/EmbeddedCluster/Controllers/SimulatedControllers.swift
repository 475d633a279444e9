import Foundation
import KubernetesModel
import Logging

/// Stand-ins for kube-controller-manager and the kubelet, so that rollouts look the way they
/// do on a real cluster: a Deployment gets a ReplicaSet and Pods, reports progress at once,
/// and after `delay` is available — or, when a container image cannot be pulled, keeps
/// `Available=False` with pods in `ImagePullBackOff` until its `progressDeadlineSeconds`
/// pass and `Progressing` turns `False` with `ProgressDeadlineExceeded`. StatefulSets and
/// DaemonSets report every replica ready after `delay` (none when an image cannot be pulled),
/// Jobs complete. Deleting a Deployment deletes its ReplicaSets and Pods (the garbage
/// collector's work for these objects).
struct SimulatedControllers: Sendable {
    let store: ClusterStore
    let delay: Duration
    let kubelet: SimulatedKubelet
    let logger: Logger

    static let kinds: Set<String> = ["deployments", "statefulsets", "daemonsets", "jobs"]

    func run() async {
        let subscription = await store.watchAll()
        let store = self.store
        let delay = self.delay
        let kubelet = self.kubelet
        await withDiscardingTaskGroup { group in
            for await event in subscription.events {
                guard Self.kinds.contains(event.resource.resource),
                    event.resource.group == "apps" || event.resource.group == "batch",
                    let name = event.object.name
                else { continue }
                let resource = event.resource
                let namespace = event.namespace
                if event.kind == .deleted {
                    if resource.resource == "deployments", let uid = event.object.uid {
                        group.addTask { await store.simulateCascade(namespace: namespace, ownerUID: uid) }
                    }
                    continue
                }
                guard event.kind == .added || event.kind == .modified else { continue }
                let generation = event.object[path: ["metadata", "generation"]]?.intValue ?? 1
                if event.object[path: ["status", "observedGeneration"]]?.intValue == generation { continue }
                if event.object[path: ["status", "completionTime"]] != nil { continue }
                if event.object[path: ["metadata", "deletionTimestamp"]] != nil { continue }
                if resource.resource == "deployments" {
                    group.addTask {
                        await DeploymentRollout(
                            store: store, kubelet: kubelet, namespace: namespace, name: name, generation: generation,
                            delay: delay
                        ).run()
                    }
                    continue
                }
                let pullable = kubelet.pullFailures(of: event.object).isEmpty
                group.addTask {
                    do {
                        try await Task.sleep(for: delay)
                    } catch {
                        return
                    }
                    await store.simulateReady(
                        resource, namespace: namespace, name: name, generation: generation, pullable: pullable)
                }
            }
        }
        await store.cancelWatch(subscription.id)
    }
}

/// The image-pulling part of the kubelet: which images cannot be pulled, and why.
public struct SimulatedKubelet: Sendable {
    /// Why pulling `image` fails (the container runtime's error), or nil when it can be pulled.
    public var pullFailure: @Sendable (_ image: String) -> String?

    public init(pullFailure: @escaping @Sendable (_ image: String) -> String? = SimulatedKubelet.unresolvableHosts) {
        self.pullFailure = pullFailure
    }

    /// Images on a registry under the `.invalid` top-level domain, which never resolves
    /// (RFC 6761), fail as containerd fails them; every other image is pulled.
    public static let unresolvableHosts: @Sendable (String) -> String? = { image in
        guard let reference = try? ImageReference(parsing: image),  // deliberate: an unparsable image is left to the API server
            let host = reference.writtenRegistry, host.split(separator: ":").first?.hasSuffix(".invalid") == true
        else { return nil }
        let tag = reference.tag ?? "latest"
        return "rpc error: code = Unknown desc = failed to pull and unpack image \"\(reference.registry)/\(reference.repository):\(tag)\": "
            + "failed to resolve reference \"\(reference.registry)/\(reference.repository):\(tag)\": failed to do request: "
            + "Head \"https://\(host)/v2/\(reference.repository)/manifests/\(tag)\": dial tcp: lookup \(host): no such host"
    }

    /// The containers of a workload's pod template whose image cannot be pulled, with the reason.
    func pullFailures(of workload: JSONValue) -> [(container: String, image: String, reason: String)] {
        let spec = workload[path: ["spec", "template", "spec"]]
        var failures: [(String, String, String)] = []
        for field in ["initContainers", "containers"] {
            for container in spec?[field]?.arrayValue ?? [] {
                guard let image = container["image"]?.stringValue, let reason = pullFailure(image) else { continue }
                failures.append((container["name"]?.stringValue ?? "", image, reason))
            }
        }
        return failures
    }
}

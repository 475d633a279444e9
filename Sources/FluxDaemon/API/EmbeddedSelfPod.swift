import KubernetesClient
import KubernetesModel
import Logging

/// On the embedded cluster, fluxd registers itself as the Pod `flux` (label `app=flux`,
/// container port `api`, IP 127.0.0.1), so fluxctl finds it through the Kubernetes API exactly
/// as it finds fluxd's pod on a real cluster: `KUBECONFIG=… fluxctl list-workloads` just works.
enum EmbeddedSelfPod {
    static func register(port: Int, namespace: String, client: KubernetesClient, logger: Logger) async {
        let gvk = GroupVersionKind(group: "", version: "v1", kind: "Pod")
        let pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": "flux", "namespace": .string(namespace), "labels": ["app": "flux"]],
            "spec": [
                "containers": [
                    [
                        "name": "flux", "image": "swiftflux/fluxd",
                        "ports": [["name": "api", "containerPort": .integer(Int64(port))]],
                    ]
                ]
            ],
        ]
        do {
            _ = try await client.apply(pod, fieldManager: "flux", force: true)
            var live = try await client.get(gvk, namespace: namespace, name: "flux")
            live["status"] = [
                "phase": "Running", "podIP": "127.0.0.1", "podIPs": [["ip": "127.0.0.1"]],
                "conditions": [["type": "Ready", "status": "True"]],
            ]
            _ = try await client.updateStatus(live)
        } catch {
            logger.warning("could not register fluxd's pod on the embedded cluster", metadata: ["error": "\(error)"])
        }
    }
}

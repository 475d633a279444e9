import ArgumentParser
import Foundation
import KubernetesModel

/// How fluxctl reaches fluxd: `--url` (or `FLUX_URL`) straight to its API, else through the
/// Kubernetes API server's pod proxy to the pod labelled `--k8s-fwd-labels` in `--k8s-fwd-ns`.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .customLong("url"), help: "fluxd's API base URL, e.g. http://127.0.0.1:3030 (env FLUX_URL)")
    var url: String?

    @Option(name: .customLong("token"), help: "API token (env FLUX_TOKEN; else read from the Secret flux-api-token)")
    var token: String?

    @Option(
        name: .customLong("k8s-fwd-ns"),
        help: "Namespace of the fluxd pod to reach through the Kubernetes API (env FLUX_FORWARD_NAMESPACE) [flux]")
    var forwardNamespace: String?

    @Option(
        name: .customLong("k8s-fwd-labels"), help: "Labels selecting the fluxd pod (env FLUX_FORWARD_LABELS) [app=flux]")
    var forwardLabels: String?

    @Option(name: .customLong("context"), help: "kubeconfig context to use")
    var context: String?

    @Option(name: .customLong("kubeconfig"), help: "kubeconfig file (else KUBECONFIG, else ~/.kube/config, else in-cluster)")
    var kubeconfig: String?

    @Option(name: .customLong("timeout"), help: "How long to wait for fluxd (Go duration)")
    var timeout: String = "60s"

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var resolvedURL: String? { url ?? environment["FLUX_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    var resolvedToken: String? { token ?? environment["FLUX_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } }
    var resolvedNamespace: String {
        forwardNamespace ?? environment["FLUX_FORWARD_NAMESPACE"].flatMap { $0.isEmpty ? nil : $0 } ?? "flux"
    }
    var resolvedLabels: String {
        forwardLabels ?? environment["FLUX_FORWARD_LABELS"].flatMap { $0.isEmpty ? nil : $0 } ?? "app=flux"
    }

    func timeoutDuration() throws -> Duration {
        guard let parsed = GoDuration(parsing: timeout), parsed.duration > .zero else {
            throw ValidationError("--timeout: invalid duration \"\(timeout)\" (use Go syntax, e.g. 30s, 2m)")
        }
        return parsed.duration
    }
}

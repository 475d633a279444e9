import ArgumentParser
import Foundation
import KubernetesClient
import KubernetesModel

/// How fluxctl reaches fluxd: Flux v1's persistent flags, accepted before or after the
/// command (`FluxctlArguments` moves them), with Flux v1's short forms and environment
/// variables. `--url` (`-u`, `FLUX_URL`) goes straight to fluxd's API; otherwise fluxctl
/// finds the fluxd pod through the Kubernetes API server and talks to it over the pod proxy.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: [.customShort("u"), .customLong("url")],
        help: "fluxd's API base URL, e.g. http://127.0.0.1:3030 (env FLUX_URL); else fluxd is found through the Kubernetes API")
    var url: String?

    @Option(
        name: [.customShort("t"), .customLong("token")],
        help: "API token (env FLUX_TOKEN, FLUX_SERVICE_TOKEN; else read from the Secret flux-api-token)")
    var token: String?

    @Option(
        name: .customLong("k8s-fwd-ns"),
        help: "Namespace of the fluxd pod (env FLUX_FORWARD_NAMESPACE) [flux, then default]")
    var forwardNamespace: String?

    @Option(
        name: .customLong("k8s-fwd-labels"),
        help:
            "Labels of the fluxd pod, key=value[,key=value] (repeatable; env FLUX_FORWARD_LABELS) [app=flux; then name in (flux, fluxd, weave-flux-agent)]"
    )
    var forwardLabels: [String] = []

    @Option(name: .customLong("context"), help: "kubeconfig context to use")
    var context: String?

    @Option(name: .customLong("kubeconfig"), help: "kubeconfig file (else KUBECONFIG, else ~/.kube/config, else in-cluster)")
    var kubeconfig: String?

    @Option(name: .customLong("timeout"), help: "How long to wait for fluxd, a Go duration (env FLUX_TIMEOUT) [60s]")
    var timeout: String?

    /// The options above that take a value, by every name they answer to: what
    /// `FluxctlArguments` may move from before the command to after it.
    static let globalOptions: Set<String> = [
        "-u", "--url", "-t", "--token", "--k8s-fwd-ns", "--k8s-fwd-labels", "--context", "--kubeconfig", "--timeout",
    ]

    /// The selector fluxd pods match when `--k8s-fwd-labels` is not given, tried first.
    static let defaultLabels = "app=flux"
    /// Flux v1's second selector, tried when the first finds no running pod.
    static let fallbackSelector = "name in (flux,fluxd,weave-flux-agent)"

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    func fromEnvironment(_ names: String...) -> String? {
        for name in names {
            if let value = environment[name], !value.isEmpty { return value }
        }
        return nil
    }

    var resolvedURL: String? { url ?? fromEnvironment("FLUX_URL") }
    var resolvedToken: String? { token ?? fromEnvironment("FLUX_TOKEN", "FLUX_SERVICE_TOKEN", "WEAVE_CLOUD_TOKEN") }

    /// Namespaces searched for the fluxd pod: the one given, else `flux` (where `fluxctl
    /// install` puts fluxd) and then `default` (Flux v1's `--k8s-fwd-ns` default).
    var namespaces: [String] {
        if let given = forwardNamespace ?? fromEnvironment("FLUX_FORWARD_NAMESPACE") { return [given] }
        return ["flux", "default"]
    }

    /// Label selectors tried in order, as Flux v1 did: the given (or default) labels, then
    /// `name in (flux, fluxd, weave-flux-agent)`.
    var selectors: [String] {
        let given = forwardLabels.isEmpty ? fromEnvironment("FLUX_FORWARD_LABELS").map { [$0] } ?? [] : forwardLabels
        let labels = given.flatMap { $0.split(separator: ",") }.map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        return [labels.isEmpty ? Self.defaultLabels : labels.joined(separator: ","), Self.fallbackSelector]
    }

    /// The namespace of workload IDs given without one, as Flux v1 chose it: `-n`, else the
    /// kubeconfig context's namespace (`--context`, else the current one), else `default`.
    func workloadNamespace(_ given: String?) -> String {
        if let given, !given.isEmpty { return given }
        // No kubeconfig (or one that does not load) means `default`, as in Flux v1.
        return (try? KubeConfig.load(kubeconfigPath: kubeconfig, context: context))?.namespace ?? "default"
    }

    func timeoutDuration() throws -> Duration {
        let text = timeout ?? fromEnvironment("FLUX_TIMEOUT") ?? "60s"
        guard let parsed = GoDuration(parsing: text), parsed.duration > .zero else {
            throw ValidationError("--timeout: invalid duration \"\(text)\" (use Go syntax, e.g. 30s, 2m)")
        }
        return parsed.duration
    }
}

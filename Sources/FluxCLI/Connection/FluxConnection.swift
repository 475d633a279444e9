import AsyncHTTPClient
import FluxAPI
import Foundation
import KubernetesClient
import KubernetesModel
import Logging

/// Opens a connection to fluxd for one command and closes it afterwards.
enum FluxConnection {
    static func with<T: Sendable>(
        _ options: ConnectionOptions, _ body: (FluxAPIClient, Duration) async throws -> T
    ) async throws -> T {
        let timeout = try options.timeoutDuration()
        if let url = options.resolvedURL {
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let transport = HTTPTransport(baseURL: url, token: options.resolvedToken, timeout: timeout, client: http)
                let result = try await body(FluxAPIClient(transport: transport), timeout)
                // try?: the answer is in hand; a client shutdown failure does not change it.
                try? await http.shutdown()
                return result
            } catch {
                // try?: the request's error is the one to report.
                try? await http.shutdown()
                throw error
            }
        }
        var logger = Logger(label: "fluxctl")
        logger.logLevel = .error
        let configuration = try ClusterConfiguration.automatic(kubeconfigPath: options.kubeconfig, context: options.context)
        return try await KubernetesClient.withClient(configuration, logger: logger) { client in
            let transport = try await KubernetesProxyTransport.locate(
                client: client, namespaces: options.namespaces, selectors: options.selectors,
                token: options.resolvedToken, timeout: timeout)
            return try await body(FluxAPIClient(transport: transport), timeout)
        }
    }
}

/// Requests to fluxd through the API server's pod proxy
/// (`/api/v1/namespaces/NS/pods/POD:PORT/proxy/...`), with the kubeconfig's credentials: who
/// may reach fluxd this way is decided by the cluster's RBAC (`pods/proxy`, and `secrets` get
/// for the token).
struct KubernetesProxyTransport: FluxTransport {
    static let tokenSecret = "flux-api-token"
    static let podGVK = GroupVersionKind(group: "", version: "v1", kind: "Pod")
    static let secretGVK = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    let client: KubernetesClient
    let namespace: String
    let pod: String
    let port: Int
    let token: String?
    let timeout: Duration

    var endpoint: String { "pod \(namespace)/\(pod):\(port) through the Kubernetes API" }

    /// Finds a running fluxd pod as Flux v1's fluxctl did: in each namespace, the first
    /// selector that matches a running pod (ready ones first) wins; its API port is the
    /// container port named `api`, else 3030. Reads the token from the Secret when none is given.
    static func locate(
        client: KubernetesClient, namespaces: [String], selectors: [String], token: String?, timeout: Duration
    ) async throws -> KubernetesProxyTransport {
        var tried: [String] = []
        for namespace in namespaces {
            for selector in selectors {
                do {
                    if let pod = try await runningPod(client: client, namespace: namespace, selector: selector) {
                        return await transport(client: client, namespace: namespace, pod: pod, token: token, timeout: timeout)
                    }
                    tried.append("\(namespace): \(selector)")
                } catch {
                    tried.append("\(namespace): \(selector) (\(error.message))")
                }
            }
        }
        throw FluxAPIError(
            .unreachable, endpoint: "namespace \(namespaces.joined(separator: ", "))",
            message:
                "no running fluxd pod found (tried \(tried.joined(separator: "; "))); if fluxd runs in another namespace, give --k8s-fwd-ns (or FLUX_FORWARD_NAMESPACE), --k8s-fwd-labels, or --url"
        )
    }

    /// A running pod matching `selector` in `namespace` (a ready one first), or nil.
    static func runningPod(client: KubernetesClient, namespace: String, selector: String) async throws(FluxAPIError)
        -> JSONValue?
    {
        let pods: [JSONValue]
        do {
            pods = try await client.list(podGVK, namespace: namespace, options: ListOptions(labelSelector: selector)).items
        } catch {
            throw FluxAPIError(.unreachable, endpoint: "namespace \(namespace)", message: "cannot list pods: \(error)")
        }
        let running = pods.filter {
            $0[path: ["status", "phase"]]?.stringValue == "Running" && $0[path: ["status", "podIP"]]?.stringValue != nil
        }
        func isReady(_ pod: JSONValue) -> Bool {
            (pod[path: ["status", "conditions"]]?.arrayValue ?? []).contains {
                $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
            }
        }
        return running.first(where: isReady) ?? running.first
    }

    /// The transport to `pod`: its API port, and the token (from the Secret when not given).
    static func transport(
        client: KubernetesClient, namespace: String, pod: JSONValue, token: String?, timeout: Duration
    ) async -> KubernetesProxyTransport {
        let name = pod.name ?? ""
        var port = 3030
        for container in pod[path: ["spec", "containers"]]?.arrayValue ?? [] {
            for entry in container["ports"]?.arrayValue ?? [] where entry["name"]?.stringValue == "api" {
                if let number = entry["containerPort"]?.intValue { port = Int(number) }
            }
        }
        var resolvedToken = token
        if resolvedToken == nil {
            do {
                let secret = try await client.get(secretGVK, namespace: namespace, name: tokenSecret)
                if let encoded = secret[path: ["data", "token"]]?.stringValue,
                    let data = Data(base64Encoded: encoded)
                {
                    resolvedToken = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                }
            } catch {
                FileHandle.standardError.write(
                    Data("warning: cannot read the API token from Secret \(namespace)/\(tokenSecret): \(error); give --token\n".utf8))
            }
        }
        return KubernetesProxyTransport(
            client: client, namespace: namespace, pod: name, port: port, token: resolvedToken, timeout: timeout)
    }

    func send(_ request: FluxRequest) async throws(FluxAPIError) -> FluxResponse {
        let path = KubernetesClient.podProxyPath(namespace: namespace, pod: pod, port: port, path: request.path)
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let token { headers.append((FluxAPIAuth.proxyHeader, FluxAPIAuth.bearer(token))) }
        if request.body != nil { headers.append(("Content-Type", "application/json")) }
        let response: RawResponse
        do {
            response = try await client.request(
                method: request.method, path: path, query: request.query.map { (name: $0.0, value: $0.1) },
                headers: headers, body: request.body, timeout: timeout)
        } catch {
            throw FluxAPIError(.unreachable, endpoint: endpoint, message: "\(error)")
        }
        // An answer from the API server itself (not from fluxd) is a metav1.Status.
        if !response.isSuccess, let status = try? JSONValue(parsing: response.body),
            status.kind == "Status", status.apiVersion == "v1"
        {
            let message = status["message"]?.stringValue ?? response.text
            throw FluxAPIError(
                .unreachable, endpoint: endpoint, status: response.status, message: "the Kubernetes API answered: \(message)")
        }
        return FluxResponse(status: response.status, body: response.body)
    }
}

import EmbeddedCluster
import Foundation
import HTTPTypes
import Hummingbird
import KubernetesClient
import KubernetesModel
import Logging
import TestSupport
import Testing

/// The pod and service proxy subresources, driven by the real kubectl and by the client's
/// raw `request`, against a small upstream HTTP server on loopback.
@Suite struct ProxyTests {
    // MARK: kubectl

    /// Over TLS (kubectl sends bearer tokens only there), as a kubectl user reaching a pod.
    @Test func kubectlReachesAPodThroughTheProxy() async throws {
        try await Self.withClusterAndEcho(tls: .generated(requireClientCertificates: false)) { cluster, echo in
            let kubectl = try Kubectl(cluster)
            try await Self.createPod(kubectl, name: "echo", containerPort: echo, podIP: "127.0.0.1")

            let get = try await kubectl.run([
                "--token=s3cret", "-v=8", "get", "--raw", "/api/v1/namespaces/default/pods/echo:\(echo)/proxy/echo?x=1&y=two",
            ])
            #expect(get.succeeded, "\(get.standardError)")
            // kubectl sent its token to the API server; the upstream must not see it.
            #expect(get.standardError.contains("Authorization: Bearer <masked>"), "\(get.standardError)")
            let answer = try JSONValue(parsing: get.standardOutput)
            #expect(answer["method"] == "GET")
            #expect(answer["path"] == "/echo")
            #expect(answer["query"] == "x=1&y=two")
            #expect(answer[path: ["headers", "authorization"]] == nil)
            #expect(
                answer[path: ["headers", "x-forwarded-uri"]]
                    == .string("/api/v1/namespaces/default/pods/echo:\(echo)/proxy/echo"))
            #expect(answer[path: ["headers", "x-forwarded-for"]] == "127.0.0.1")
            #expect(answer[path: ["headers", "host"]] == .string("127.0.0.1:\(cluster.port)"))

            // No port: the first declared container port. `http:` scheme prefix accepted.
            for id in ["echo", "http:echo:\(echo)"] {
                let defaulted = try await kubectl.run(["get", "--raw", "/api/v1/namespaces/default/pods/\(id)/proxy/a/b/"])
                #expect(defaulted.succeeded, "\(id): \(defaulted.standardError)")
                #expect(try JSONValue(parsing: defaulted.standardOutput)["path"] == "/a/b/", "\(id)")
            }

            // POST through `kubectl create --raw -f`: the body arrives unchanged.
            let payload = #"{"image":"nginx:1.27","note":"sent through the API server"}"#
            let file = try kubectl.file("payload.json", payload)
            let post = try await kubectl.run([
                "--token=s3cret", "create", "--raw", "/api/v1/namespaces/default/pods/echo:\(echo)/proxy/sync?ref=main", "-f", file,
            ])
            #expect(post.succeeded, "\(post.standardError)")
            let posted = try JSONValue(parsing: post.standardOutput)
            #expect(posted["method"] == "POST")
            #expect(posted["path"] == "/sync")
            #expect(posted["query"] == "ref=main")
            #expect(posted["body"] == .string(payload))
            #expect(posted[path: ["headers", "authorization"]] == nil)
        }
    }

    @Test func kubectlSeesKubeAPIServerErrors() async throws {
        try await Self.withClusterAndEcho { cluster, echo in
            let api = APIRequests(baseURL: cluster.baseURL)
            let refused = 1  // nothing listens on the privileged tcpmux port; no parallel test can take it
            let kubectl = try Kubectl(cluster)
            try await Self.createPod(kubectl, name: "noip", containerPort: echo, podIP: nil)
            try await Self.createPod(kubectl, name: "closed", containerPort: refused, podIP: "127.0.0.1")

            let cases: [(path: String, message: String)] = [
                ("pods/missing:80/proxy/", #"Error from server (NotFound): pods "missing" not found"#),
                ("pods/noip/proxy/", "Error from server (BadRequest): address not allowed"),
                ("pods/a:b:c:d/proxy/", #"Error from server (BadRequest): invalid pod request "a:b:c:d""#),
                (
                    "pods/closed/proxy/healthz",
                    "Error from server (ServiceUnavailable): error trying to reach service: dial tcp 127.0.0.1:\(refused): connect: connection refused"
                ),
            ]
            for (path, message) in cases {
                let result = try await kubectl.run(["get", "--raw", "/api/v1/namespaces/default/\(path)"])
                #expect(!result.succeeded, "\(path)")
                #expect(result.standardError.trimmingCharacters(in: .whitespacesAndNewlines) == message, "\(path)")
            }

            // The bodies are Status objects like every other error of this server.
            let (status, body) = try await api.send("GET", "/api/v1/namespaces/default/pods/closed/proxy/")
            #expect(status == 503)
            #expect(body["kind"] == "Status")
            #expect(body["reason"] == "ServiceUnavailable")
            #expect(body["code"] == 503)
            let (missingStatus, missing) = try await api.send("GET", "/api/v1/namespaces/default/pods/missing/proxy/x")
            #expect(missingStatus == 404)
            #expect(missing["details"] == ["name": "missing", "kind": "pods"])
        }
    }

    // MARK: KubernetesClient.request

    @Test func clientRequestForwardsMethodsHeadersAndStatuses() async throws {
        try await Self.withClusterAndEcho { cluster, echo in
            try await Self.createPod(try Kubectl(cluster), name: "echo", containerPort: echo, podIP: "127.0.0.1")
            let configuration = ClusterConfiguration(server: cluster.baseURL, credentials: .bearerToken("s3cret"))
            try await KubernetesClient.withClient(configuration, logger: Self.quietLogger) { client in
                let path = KubernetesClient.podProxyPath(namespace: "default", pod: "echo", port: echo, path: "/api/v6/jobs")
                #expect(path == "/api/v1/namespaces/default/pods/echo:\(echo)/proxy/api/v6/jobs")

                for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
                    let body: [UInt8]? = method == "GET" ? nil : Array("payload for \(method)".utf8)
                    let response = try await client.request(
                        method: method, path: path, query: [("id", "a b/c")],
                        headers: [("Content-Type", "text/plain"), ("X-Flux-Client", "fluxctl")], body: body)
                    #expect(response.status == 200, "\(method): \(response.text)")
                    let answer = try JSONValue(parsing: response.body)
                    #expect(answer["method"] == .string(method))
                    #expect(answer["path"] == "/api/v6/jobs")
                    #expect(answer["query"] == "id=a%20b%2Fc")
                    #expect(answer["body"] == .string(body.map { String(decoding: $0, as: UTF8.self) } ?? ""))
                    #expect(answer[path: ["headers", "x-flux-client"]] == "fluxctl")
                    #expect(answer[path: ["headers", "authorization"]] == nil)
                    #expect(response.header("x-echo-method") == method)
                }

                let head = try await client.request(method: "HEAD", path: path)
                #expect(head.status == 200)
                #expect(head.body.isEmpty)
                #expect(head.header("X-Echo-Method") == "HEAD")

                // Upstream status, headers and body come back; CORS headers do not.
                let teapot = try await client.request(
                    method: "GET", path: KubernetesClient.podProxyPath(namespace: "default", pod: "echo", port: echo, path: "/status/418"))
                #expect(teapot.status == 418)
                #expect(teapot.text == "short and stout")
                #expect(teapot.header("X-Upstream") == "teapot")
                #expect(teapot.header("Access-Control-Allow-Origin") == nil)
                #expect(teapot.error?.httpStatus == 418)

                // A same-host redirect stays under the proxy path and is not followed.
                let redirect = try await client.request(
                    method: "GET", path: KubernetesClient.podProxyPath(namespace: "default", pod: "echo", port: echo, path: "/redirect"))
                #expect(redirect.status == 302)
                #expect(redirect.header("Location") == "/api/v1/namespaces/default/pods/echo:\(echo)/proxy/target?from=redirect")

                // `.../proxy` without a slash redirects GET to `.../proxy/` and sends others to `/`.
                let bare = "/api/v1/namespaces/default/pods/echo:\(echo)/proxy"
                let moved = try await client.request(method: "GET", path: bare, query: [("q", "1")])
                #expect(moved.status == 301)
                #expect(moved.header("Location") == "\(bare)/?q=1")
                let rootPost = try await client.request(method: "POST", path: bare, body: Array("x".utf8))
                #expect(try JSONValue(parsing: rootPost.body)["path"] == "/")

                // API server errors come back as responses whose error is the decoded Status.
                let missing = try await client.request(
                    method: "GET", path: KubernetesClient.podProxyPath(namespace: "default", pod: "missing", port: nil, path: "/"))
                #expect(missing.status == 404)
                #expect(missing.error?.isNotFound == true)
                #expect(missing.error?.message == #"pods "missing" not found"#)
            }
        }
    }

    // MARK: Services, HTTPS, discovery

    @Test func servicesResolveThroughEndpoints() async throws {
        try await Self.withClusterAndEcho { cluster, echo in
            let api = APIRequests(baseURL: cluster.baseURL)
            let kubectl = try Kubectl(cluster)
            try await Self.createPod(kubectl, name: "backend", containerPort: echo, podIP: "127.0.0.1")
            let service: JSONValue = [
                "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web"],
                "spec": ["selector": ["app": "backend"], "ports": [["name": "http", "port": 80, "targetPort": .integer(Int64(echo))]]],
            ]
            #expect(try await api.send("POST", "/api/v1/namespaces/default/services", body: service.serialized()).status == 201)

            let noEndpoints = try await kubectl.run(["get", "--raw", "/api/v1/namespaces/default/services/web:80/proxy/"])
            #expect(
                noEndpoints.standardError.contains(#"Error from server (NotFound): endpoints "web" not found"#),
                "\(noEndpoints.standardError)")

            let empty: JSONValue = ["apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": "web"]]
            #expect(try await api.send("POST", "/api/v1/namespaces/default/endpoints", body: empty.serialized()).status == 201)
            let unavailable = try await kubectl.run(["get", "--raw", "/api/v1/namespaces/default/services/web:80/proxy/"])
            #expect(
                unavailable.standardError.contains(
                    #"Error from server (ServiceUnavailable): no endpoints available for service "web""#),
                "\(unavailable.standardError)")

            let endpoints: JSONValue = [
                "apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": "web"],
                "subsets": [
                    [
                        "addresses": [["ip": "127.0.0.1", "targetRef": ["kind": "Pod", "namespace": "default", "name": "backend"]]],
                        "ports": [["name": "http", "port": .integer(Int64(echo))]],
                    ]
                ],
            ]
            let (_, current) = try await api.send("GET", "/api/v1/namespaces/default/endpoints/web")
            var replacement = endpoints
            replacement.set(path: ["metadata", "resourceVersion"], to: current[path: ["metadata", "resourceVersion"]] ?? .null)
            #expect(try await api.send("PUT", "/api/v1/namespaces/default/endpoints/web", body: replacement.serialized()).status == 200)

            for id in ["web:80", "web:http", "http:web:http"] {
                let result = try await kubectl.run(["get", "--raw", "/api/v1/namespaces/default/services/\(id)/proxy/svc?via=service"])
                #expect(result.succeeded, "\(id): \(result.standardError)")
                let answer = try JSONValue(parsing: result.standardOutput)
                #expect(answer["path"] == "/svc", "\(id)")
                #expect(answer["query"] == "via=service", "\(id)")
            }
            let wrongPort = try await kubectl.run(["get", "--raw", "/api/v1/namespaces/default/services/web:81/proxy/"])
            #expect(
                wrongPort.standardError.contains(
                    #"Error from server (ServiceUnavailable): no service port 81 found for service "web""#),
                "\(wrongPort.standardError)")
            let unnamed = try await kubectl.run(["get", "--raw", "/api/v1/namespaces/default/services/web/proxy/"])
            #expect(
                unnamed.standardError.contains(#"Error from server (ServiceUnavailable): no endpoints available for service "web""#),
                "\(unnamed.standardError)")
        }
    }

    /// `https:NAME:PORT` dials TLS without verifying the pod's certificate, as kube-apiserver's
    /// proxy transport does. The upstream is a second embedded cluster serving HTTPS.
    @Test func httpsSchemeReachesATLSUpstream() async throws {
        let upstreamConfiguration = EmbeddedClusterConfiguration(
            tls: .generated(requireClientCertificates: false), logger: Self.quietLogger)
        try await EmbeddedCluster.withRunning(upstreamConfiguration) { upstream in
            try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(logger: Self.quietLogger)) { cluster in
                let kubectl = try Kubectl(cluster)
                try await Self.createPod(kubectl, name: "secure", containerPort: upstream.port, podIP: "127.0.0.1")
                let result = try await kubectl.run(["get", "--raw", "/api/v1/namespaces/default/pods/https:secure:/proxy/version"])
                #expect(result.succeeded, "\(result.standardError)")
                #expect(try JSONValue(parsing: result.standardOutput)["gitVersion"] != nil)
            }
        }
    }

    @Test func discoveryListsTheProxySubresources() async throws {
        try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(logger: Self.quietLogger)) { cluster in
            let (status, list) = try await APIRequests(baseURL: cluster.baseURL).send("GET", "/api/v1")
            #expect(status == 200)
            let resources = list["resources"]?.arrayValue ?? []
            let names = resources.compactMap { $0["name"]?.stringValue }
            for (name, kind) in [("pods/proxy", "PodProxyOptions"), ("services/proxy", "ServiceProxyOptions")] {
                let entry = resources.first { $0["name"]?.stringValue == name }
                #expect(entry?["kind"] == .string(kind))
                #expect(entry?["verbs"] == ["create", "delete", "get", "patch", "update"])
                #expect(entry?["namespaced"] == true)
            }
            // Subresources follow their resource, proxy before status, as kube-apiserver sorts them.
            let pods = try #require(names.firstIndex(of: "pods"))
            #expect(Array(names[pods...].prefix(3)) == ["pods", "pods/proxy", "pods/status"])
        }
    }

    // MARK: Helpers

    static var quietLogger: Logger {
        var logger = Logger(label: "proxy-tests")
        // Critical only: cancelling the server at the end makes HummingbirdCore log an error.
        logger.logLevel = .critical
        return logger
    }

    /// Creates a pod declaring `containerPort` with kubectl, then sets its address through
    /// the status subresource (`kubectl patch --subresource=status`).
    static func createPod(_ kubectl: Kubectl, name: String, containerPort: Int, podIP: String?) async throws {
        let pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "labels": ["app": .string(name)]],
            "spec": [
                "containers": [["name": "main", "image": "example/echo", "ports": [["containerPort": .integer(Int64(containerPort))]]]]
            ],
        ]
        let file = try kubectl.file("pod-\(name).json", pod.serialized())
        let created = try await kubectl.run(["create", "-f", file])
        #expect(created.succeeded, "\(created.standardError)")
        guard let podIP else { return }
        let status: JSONValue = ["status": ["phase": "Running", "podIP": .string(podIP), "podIPs": [["ip": .string(podIP)]]]]
        let patched = try await kubectl.run(["patch", "pod", name, "--subresource=status", "--type=merge", "-p", status.serialized()])
        #expect(patched.succeeded, "\(patched.standardError)")
    }

    /// Runs `body` with an embedded cluster and the echo upstream's port.
    static func withClusterAndEcho(
        tls: EmbeddedClusterConfiguration.TLSMode = .off, _ body: (RunningCluster, Int) async throws -> Void
    ) async throws {
        try await EchoServer.withRunning { echo in
            try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(tls: tls, logger: quietLogger)) { cluster in
                try await body(cluster, echo)
            }
        }
    }
}

/// An upstream that answers with what it received: method, path, raw query, body and
/// headers as JSON (plus `X-Echo-Method`); `/status/CODE` answers CODE with extra headers,
/// `/redirect` answers 302 to `/target?from=redirect`.
struct EchoServer: HTTPResponder {
    typealias Context = BasicRequestContext

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        let path = request.uri.path
        if path == "/redirect" {
            return Response(status: .found, headers: [.location: "/target?from=redirect"], body: ResponseBody())
        }
        if path.hasPrefix("/status/"), let code = Int(path.dropFirst("/status/".count)) {
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Upstream")!] = "teapot"
            headers[HTTPField.Name("Access-Control-Allow-Origin")!] = "*"
            return Response(
                status: .init(code: code), headers: headers, body: .init(byteBuffer: ByteBuffer(string: "short and stout")))
        }
        var headers = JSONObject()
        if let authority = request.head.authority { headers["host"] = .string(authority) }
        for field in request.headers {
            let name = field.name.canonicalName
            if let existing = headers[name]?.stringValue {
                headers[name] = .string(existing + ", " + field.value)
            } else {
                headers[name] = .string(field.value)
            }
        }
        let answer: JSONValue = [
            "method": .string(request.method.rawValue), "path": .string(path), "query": .string(request.uri.query ?? ""),
            "body": .string(String(buffer: body)), "headers": .object(headers),
        ]
        var responseHeaders = HTTPFields()
        responseHeaders[.contentType] = "application/json"
        responseHeaders[HTTPField.Name("X-Echo-Method")!] = request.method.rawValue
        return Response(status: .ok, headers: responseHeaders, body: .init(byteBuffer: ByteBuffer(bytes: answer.serializedBytes())))
    }

    /// Serves on an ephemeral 127.0.0.1 port for the duration of `body`.
    static func withRunning(_ body: (Int) async throws -> Void) async throws {
        let (ready, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "echo-upstream")
        // Critical only: cancelling the server at the end makes HummingbirdCore log an error.
        logger.logLevel = .critical
        let app = Application(
            responder: EchoServer(), configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await app.run()
            }
            var iterator = ready.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.next()
                Issue.record("the echo upstream stopped before it was ready")
                return
            }
            do {
                try await body(port)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }
}

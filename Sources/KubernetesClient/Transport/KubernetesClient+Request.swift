import AsyncHTTPClient
import KubernetesModel
import NIOCore
import NIOHTTP1

/// A response read whole, whatever its HTTP status: what ``KubernetesClient/request(method:path:query:headers:body:timeout:)``
/// returns, for endpoints that are not Kubernetes objects (a pod's own HTTP API reached
/// through `pods/NAME:PORT/proxy`, `/healthz`, ...).
public struct RawResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// Response headers in the order received (names as sent by the server).
    public var headers: [(name: String, value: String)]
    /// The body bytes (empty for HEAD and bodiless answers).
    public var body: [UInt8]
    /// The request's method and path, for error messages.
    public var method: String
    public var path: String

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8], method: String, path: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.method = method
        self.path = path
    }

    /// The first value of header `name` (case-insensitive), or `nil`.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as UTF-8 text (invalid bytes replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// A non-2xx answer as the error the typed calls throw: the decoded `metav1.Status` when
    /// the body is one (API server errors such as a missing pod or an unreachable upstream,
    /// `503 error trying to reach service: ...`), else the status with a body snippet.
    /// `nil` for 2xx.
    public var error: KubernetesError? {
        guard !isSuccess else { return nil }
        return KubernetesError.fromResponse(httpStatus: status, body: body, verb: method, path: path, object: nil)
    }
}

extension KubernetesClient {
    /// Sends one HTTP request to the API server with the client's credentials and returns
    /// the answer whatever its status (see ``RawResponse/error``); throws only when no
    /// answer arrived (connection, TLS, timeout, credentials).
    ///
    /// - Parameters:
    ///   - method: `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`, `OPTIONS`, ...
    ///   - path: absolute path, percent-encoded by the caller; it may carry its own query
    ///     string (`query` is then appended with `&`). See ``podProxyPath(namespace:pod:port:scheme:path:)``.
    ///   - query: extra query parameters, percent-encoded here.
    ///   - headers: sent as given (`Content-Type`, `Accept`, ...); `Authorization` is the
    ///     client's and is ignored here, `User-Agent` defaults to the configuration's.
    ///   - body: the request body, if any.
    ///   - timeout: the whole exchange's limit; the configuration's `requestTimeout` when `nil`.
    ///
    /// Rate limiting applies; connections that fail before the request was sent are retried
    /// per the `RetryPolicy` (resets only for GET/HEAD), a 401 is retried once with refreshed
    /// credentials (token files, exec plugins). HTTP statuses are never retried: through a
    /// proxy they are the upstream's answers.
    public func request(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: [UInt8]? = nil, timeout: Duration? = nil
    ) async throws(KubernetesError) -> RawResponse {
        var target = path
        if !query.isEmpty {
            let encoded = query.map { "\(URLEscaping.escape($0.name))=\(URLEscaping.escape($0.value))" }
            target += (path.contains("?") ? "&" : "?") + encoded.joined(separator: "&")
        }
        let request = APIRequest(method: HTTPMethod(rawValue: method), path: target, body: body)
        return try await transport.exchange(request, headers: headers, timeout: timeout ?? configuration.requestTimeout)
    }

    /// The path of a pod's proxy subresource, `/api/v1/namespaces/NS/pods/[SCHEME:]NAME[:PORT]/proxy/PATH`,
    /// with the namespace and name escaped. `path` (the pod's own path, e.g. `/api/flux/v6/sync`)
    /// is appended as given and should start with `/`; `port` nil lets the API server use the
    /// pod's first declared container port.
    public static func podProxyPath(namespace: String, pod: String, port: Int?, scheme: String? = nil, path: String) -> String {
        var id = URLEscaping.escape(pod)
        if let port { id += ":\(port)" }
        if let scheme, !scheme.isEmpty { id = "\(URLEscaping.escape(scheme)):\(id)\(port == nil ? ":" : "")" }
        let suffix = path.isEmpty || path.hasPrefix("/") ? path : "/" + path
        return "/api/v1/namespaces/\(URLEscaping.escape(namespace))/pods/\(id)/proxy\(suffix)"
    }
}

extension HTTPTransport {
    /// One exchange read whole, any status returned (``KubernetesClient/request(method:path:query:headers:body:timeout:)``).
    func exchange(_ request: APIRequest, headers: [(name: String, value: String)], timeout: Duration)
        async throws(KubernetesError) -> RawResponse
    {
        var attempt = 0
        var refreshedCredentials = false
        while true {
            do { try await limiter.acquire() } catch { throw transportError(request, error) }
            let authorization = try await authenticator.authorization()
            var http = HTTPClientRequest(url: endpoint.origin + endpoint.pathPrefix + request.target)
            http.method = request.method
            for header in headers where header.name.lowercased() != "authorization" {
                http.headers.add(name: header.name, value: header.value)
            }
            if !http.headers.contains(name: "User-Agent") { http.headers.add(name: "User-Agent", value: userAgent) }
            if let authorization { http.headers.add(name: "Authorization", value: authorization) }
            if let body = request.body, !body.isEmpty { http.body = .bytes(ByteBuffer(bytes: body)) }

            let response: HTTPClientResponse
            let bytes: [UInt8]
            do {
                response = try await self.http.execute(http, timeout: .init(timeout), logger: logger)
                bytes = Array(try await response.body.collect(upTo: maxResponseBytes).readableBytesView)
            } catch {
                let safe = request.idempotent || Self.isConnectFailure(error)
                if Self.isConnectionFailure(error) || Self.isConnectFailure(error),
                    let delay = retry.delayAfterConnectionFailure(attempt: attempt, idempotent: safe, jitter: Double.random(in: 0..<1))
                {
                    logger.debug(
                        "retrying after connection failure",
                        metadata: ["verb": "\(request.method.rawValue)", "path": "\(request.path)", "attempt": "\(attempt)"])
                    do { try await Task.sleep(for: delay) } catch { throw transportError(request, error) }
                    attempt += 1
                    continue
                }
                throw transportError(request, error)
            }
            let status = Int(response.status.code)
            if status == 401 && authenticator.canRefresh && !refreshedCredentials {
                refreshedCredentials = true
                await authenticator.invalidate(rejected: authorization)
                continue
            }
            return RawResponse(
                status: status, headers: response.headers.map { (name: $0.name, value: $0.value) }, body: bytes,
                method: request.method.rawValue, path: request.path)
        }
    }
}

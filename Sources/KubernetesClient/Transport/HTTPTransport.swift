import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sends API requests to one cluster over one `HTTPClient` (on the shared event loop group):
/// authentication, the client-side rate limit, and retries per `RetryPolicy`.
final class HTTPTransport: Sendable {
    let http: HTTPClient
    let endpoint: ServerEndpoint
    let authenticator: Authenticator
    let limiter: RateLimiter
    let retry: RetryPolicy
    let timeout: Duration
    let userAgent: String
    let logger: Logger
    /// Largest non-streamed response body accepted.
    let maxResponseBytes = 512 << 20

    init(configuration: ClusterConfiguration, logger: Logger) throws(KubernetesError) {
        endpoint = try ServerEndpoint(server: configuration.server, tlsServerName: configuration.tls.serverName)
        let tlsConfiguration = endpoint.scheme == "https" ? try configuration.tls.makeTLSConfiguration() : nil
        var httpConfiguration = HTTPClient.Configuration(
            tlsConfiguration: tlsConfiguration,
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: .seconds(10)),
            proxy: try Self.proxy(configuration.proxyURL),
            decompression: .enabled(limit: .none))
        httpConfiguration.dnsOverride = endpoint.dnsOverride
        // Connection failures are retried here, per RetryPolicy, so a certificate that does
        // not verify fails at once instead of being retried until the connect timeout.
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroup: .singletonMultiThreadedEventLoopGroup, configuration: httpConfiguration)
        authenticator = Authenticator(credentials: configuration.credentials)
        limiter = RateLimiter(qps: configuration.qps, burst: configuration.burst)
        retry = configuration.retry
        timeout = configuration.requestTimeout
        userAgent = configuration.userAgent
        self.logger = logger
    }

    func shutdown() async throws {
        try await http.shutdown()
    }

    /// Sends a request and reads the whole response; a non-2xx answer becomes a `KubernetesError`.
    func send(_ request: APIRequest) async throws(KubernetesError) -> APIResponse {
        let response = try await open(request, timeout: timeout)
        do {
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            return APIResponse(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
        } catch {
            throw transportError(request, error)
        }
    }

    /// Sends a request and returns once the response head arrived with a 2xx status; the
    /// caller streams the body (watches). Retries happen only before the head.
    func open(_ request: APIRequest, timeout: Duration) async throws(KubernetesError) -> HTTPClientResponse {
        var attempt = 0
        var refreshedCredentials = false
        while true {
            do { try await limiter.acquire() } catch { throw transportError(request, error) }
            let authorization = try await authenticator.authorization()
            let response: HTTPClientResponse
            do {
                response = try await http.execute(
                    makeRequest(request, authorization: authorization), timeout: .init(timeout), logger: logger)
            } catch {
                // A connection that never opened carried no request: safe to retry any verb.
                let safe = request.idempotent || Self.isConnectFailure(error)
                if Self.isConnectionFailure(error) || Self.isConnectFailure(error),
                    let delay = retry.delayAfterConnectionFailure(
                        attempt: attempt, idempotent: safe, jitter: Double.random(in: 0..<1))
                {
                    logger.debug("retrying after connection failure", metadata: metadata(request, attempt: attempt))
                    try await pause(delay, request)
                    attempt += 1
                    continue
                }
                throw transportError(request, error)
            }
            let status = Int(response.status.code)
            if (200..<300).contains(status) { return response }
            let body: [UInt8]
            do {
                body = Array(try await response.body.collect(upTo: 4 << 20).readableBytesView)
            } catch {
                throw transportError(request, error)
            }
            if status == 401 && authenticator.canRefresh && !refreshedCredentials {
                refreshedCredentials = true
                await authenticator.invalidate(rejected: authorization)
                logger.debug("refreshing credentials after 401", metadata: metadata(request, attempt: attempt))
                continue
            }
            // etcd refusing an object for its size answers the same every time: not retried.
            let permanent = status == 500 && String(decoding: body, as: UTF8.self).contains("request is too large")
            if !permanent,
                let delay = retry.delay(
                    status: status, retryAfter: response.headers.first(name: "Retry-After"), attempt: attempt,
                    idempotent: request.idempotent, jitter: Double.random(in: 0..<1))
            {
                var details = metadata(request, attempt: attempt)
                details["status"] = "\(status)"
                logger.debug("retrying after server asked to", metadata: details)
                try await pause(delay, request)
                attempt += 1
                continue
            }
            throw KubernetesError.fromResponse(
                httpStatus: status, body: body, verb: request.method.rawValue, path: request.path, object: request.object)
        }
    }

    private func makeRequest(_ request: APIRequest, authorization: String?) -> HTTPClientRequest {
        var http = HTTPClientRequest(url: endpoint.origin + endpoint.pathPrefix + request.target)
        http.method = request.method
        http.headers.add(name: "Accept", value: request.accept)
        http.headers.add(name: "User-Agent", value: userAgent)
        if let authorization { http.headers.add(name: "Authorization", value: authorization) }
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: request.contentType ?? "application/json")
            http.body = .bytes(ByteBuffer(bytes: body))
        }
        return http
    }

    private func pause(_ delay: Duration, _ request: APIRequest) async throws(KubernetesError) {
        do { try await Task.sleep(for: delay) } catch { throw transportError(request, error) }
    }

    private func metadata(_ request: APIRequest, attempt: Int) -> Logger.Metadata {
        ["verb": "\(request.method.rawValue)", "path": "\(request.path)", "attempt": "\(attempt)"]
    }

    func transportError(_ request: APIRequest, _ error: any Error) -> KubernetesError {
        if let error = error as? KubernetesError { return error }
        return KubernetesError(
            code: .transport, message: "request to the API server failed", verb: request.method.rawValue,
            path: request.path, object: request.object, underlying: DescribedError(error))
    }

    /// Resets, EOFs and closed connections: the request may not have reached the server.
    static func isConnectionFailure(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return error == .remoteConnectionClosed || error == .uncleanShutdown || error == .readTimeout
        }
        if let error = error as? IOError {
            return [ECONNRESET, EPIPE, ECONNABORTED].contains(error.errnoCode)
        }
        if let error = error as? NIOSSLError, case .uncleanShutdown = error { return true }
        if let error = error as? ChannelError {
            return error == .ioOnClosedChannel || error == .eof || error == .alreadyClosed
        }
        return false
    }

    /// The connection could not be opened (refused, unreachable, connect timeout): the
    /// server never saw the request. TLS verification failures are not among these.
    static func isConnectFailure(_ error: any Error) -> Bool {
        if error is NIOConnectionError { return true }
        if let error = error as? HTTPClientError { return error == .connectTimeout }
        if let error = error as? IOError { return [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(error.errnoCode) }
        if let error = error as? ChannelError, case .connectTimeout = error { return true }
        return false
    }

    static func proxy(_ url: String?) throws(KubernetesError) -> HTTPClient.Configuration.Proxy? {
        guard let url, !url.isEmpty else { return nil }
        let endpoint: ServerEndpoint
        let lowered = url.lowercased()
        if lowered.hasPrefix("socks5://") {
            endpoint = try ServerEndpoint(server: "http://" + String(url.dropFirst("socks5://".count)), tlsServerName: nil)
            return .socksServer(host: endpoint.host, port: endpoint.port == 80 ? 1080 : endpoint.port)
        }
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            throw KubernetesError(code: .invalidRequest, message: "unsupported proxy-url scheme in \"\(url)\"")
        }
        endpoint = try ServerEndpoint(server: url, tlsServerName: nil)
        return .server(host: endpoint.host, port: endpoint.port)
    }
}

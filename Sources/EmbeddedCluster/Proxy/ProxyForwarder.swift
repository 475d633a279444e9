import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import KubernetesModel
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

/// The client the proxy dials upstreams with: one per process, never shut down (it lives
/// as long as the process, like kube-apiserver's proxy transport). Redirects are passed
/// back, not followed; bodies are not decompressed; `https` upstreams are not verified
/// (kube-apiserver's proxy transport sets `InsecureSkipVerify`, pods are reached by IP).
enum ProxyHTTPClient {
    /// kube-apiserver's proxy dialer gives up connecting after 30 s.
    static let connectTimeout: TimeAmount = .seconds(30)

    static let shared: HTTPClient = {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: .init(connect: connectTimeout),
            decompression: .disabled)
        // A refused connection is reported at once (kube-apiserver does not retry dials).
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: .singletonMultiThreadedEventLoopGroup, configuration: configuration)
    }()
}

/// Sends one proxied request upstream and turns the answer into the API server's response,
/// as `UpgradeAwareHandler` + `httputil.ReverseProxy` + the proxy `Transport` do: method,
/// path, raw query, body and end-to-end headers go up (without `Authorization`, which
/// authentication removed); status, end-to-end headers (without CORS headers, with
/// same-host redirects rewritten under the proxy path) and the streamed body come back.
struct ProxyForwarder: Sendable {
    var client: HTTPClient = ProxyHTTPClient.shared
    let logger: Logger

    /// Headers that describe one connection, never forwarded (Go's `hopHeaders`).
    static let hopByHop: Set<String> = [
        "connection", "proxy-connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade",
    ]
    /// Dropped from responses by `corsRemovingTransport`.
    static let cors: Set<String> = [
        "access-control-allow-credentials", "access-control-allow-headers", "access-control-allow-methods",
        "access-control-allow-origin",
    ]

    func forward(
        _ request: Request, body: ByteBuffer, path: ProxyPath, to location: ProxyLocation, clientAddress: String?
    ) async throws(Status) -> Response {
        let port = try Self.dialPort(location)
        let target = location.ip.contains(":") ? "[\(location.ip)]:\(port)" : "\(location.ip):\(port)"
        var upstream = HTTPClientRequest(
            url: "\(location.scheme)://\(target)\(path.subpath.isEmpty ? "/" : path.subpath)"
                + (request.uri.query.map { "?\($0)" } ?? ""))
        upstream.method = HTTPMethod(rawValue: request.method.rawValue)
        upstream.headers = Self.requestHeaders(request, path: path, clientAddress: clientAddress)
        if body.readableBytes > 0 { upstream.body = HTTPClientRequest.Body.bytes(body) }

        let response: HTTPClientResponse
        do {
            response = try await client.execute(upstream, deadline: .distantFuture, logger: logger)
        } catch {
            let message = "error trying to reach service: " + Self.describe(error, location: location, port: port)
            logger.debug("proxy upstream failed", metadata: ["upstream": "\(target)", "error": "\(error)"])
            throw APIError.serviceUnavailable(message)
        }
        var headers = HTTPFields()
        let listedInConnection = Self.connectionTokens(response.headers[canonicalForm: "connection"].map(String.init))
        for header in response.headers {
            let lowered = header.name.lowercased()
            if Self.hopByHop.contains(lowered) || Self.cors.contains(lowered) || listedInConnection.contains(lowered) { continue }
            guard let name = HTTPField.Name(header.name) else { continue }
            var value = header.value
            if lowered == "location" { value = Self.rewriteLocation(value, path: path, location: location, host: request.head.authority) }
            headers.append(HTTPField(name: name, value: value))
        }
        return Response(
            status: HTTPResponse.Status(code: Int(response.status.code)), headers: headers,
            body: ResponseBody(asyncSequence: response.body))
    }

    /// The request's end-to-end headers plus `Host` (the API server's, as ReverseProxy keeps
    /// `req.Host`), `X-Forwarded-For` and `X-Forwarded-Uri`.
    static func requestHeaders(_ request: Request, path: ProxyPath, clientAddress: String?) -> HTTPHeaders {
        var headers = HTTPHeaders()
        if let authority = request.head.authority { headers.add(name: "Host", value: authority) }
        let listed = connectionTokens(request.headers[values: .connection])
        var forwardedFor: [String] = []
        for field in request.headers {
            let lowered = field.name.canonicalName
            if hopByHop.contains(lowered) || listed.contains(lowered) || lowered == "authorization" || lowered == "host" {
                continue
            }
            if lowered == "x-forwarded-for" {
                forwardedFor.append(field.value)
                continue
            }
            if lowered == "x-forwarded-uri" { continue }
            headers.add(name: field.name.rawName, value: field.value)
        }
        if let clientAddress { forwardedFor.append(clientAddress) }
        if !forwardedFor.isEmpty { headers.add(name: "X-Forwarded-For", value: forwardedFor.joined(separator: ", ")) }
        var forwardedURI = ProxyPath.clean(path.prefix + path.subpath)
        if path.subpath.hasSuffix("/"), !forwardedURI.hasSuffix("/") { forwardedURI += "/" }
        headers.add(name: "X-Forwarded-Uri", value: forwardedURI)
        return headers
    }

    static func connectionTokens(_ values: [String]) -> Set<String> {
        var tokens: Set<String> = []
        for value in values {
            for token in value.split(separator: ",") {
                tokens.insert(token.trimmingCharacters(in: .whitespaces).lowercased())
            }
        }
        return tokens
    }

    /// The proxy `Transport.rewriteURL`: a redirect to an absolute path, or to the
    /// upstream's (or the API server's) own host, is rewritten to stay under the proxy path.
    static func rewriteLocation(_ value: String, path: ProxyPath, location: ProxyLocation, host: String?) -> String {
        var rest = Substring(value)
        var targetHost = ""
        if let schemeEnd = rest.range(of: "://") {
            let afterScheme = rest[schemeEnd.upperBound...]
            let hostEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
            targetHost = String(afterScheme[..<hostEnd])
            rest = afterScheme[hostEnd...]
        } else if rest.hasPrefix("//") {
            return value
        }
        let isDifferentHost = !targetHost.isEmpty && targetHost != location.hostPort && targetHost != host
        guard !isDifferentHost, rest.hasPrefix("/") else { return value }
        // The proxy transport has no scheme or host of its own (a server request's URL
        // carries none), so the result is a bare path, unless the URL named the API
        // server's own host, which is then kept.
        let origin = !targetHost.isEmpty && targetHost == host ? String(value[..<rest.startIndex]) : ""
        let pathEnd = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let original = String(rest[..<pathEnd])
        let suffix = rest[pathEnd...]
        if original.hasPrefix(path.prefix) { return origin + original + suffix }
        var joined = ProxyPath.clean(path.prefix + original)
        if original.hasSuffix("/"), !joined.hasSuffix("/") { joined += "/" }
        return origin + joined + suffix
    }

    /// The port to dial, or the error Go's dialer gives for a port it cannot use.
    static func dialPort(_ location: ProxyLocation) throws(Status) -> Int {
        if location.port.isEmpty { return location.scheme == "https" ? 443 : 80 }
        if let number = Int(location.port) {
            guard (0...65535).contains(number) else {
                throw APIError.serviceUnavailable(
                    "error trying to reach service: dial tcp: address \(location.port): invalid port")
            }
            return number
        }
        // Go resolves service names; only the two that matter here are known.
        switch location.port {
        case "http": return 80
        case "https": return 443
        default:
            throw APIError.serviceUnavailable(
                "error trying to reach service: dial tcp: lookup tcp/\(location.port): unknown port")
        }
    }

    /// Go's wording for dial failures (`dial tcp IP:PORT: connect: connection refused`).
    static func describe(_ error: any Error, location: ProxyLocation, port: Int) -> String {
        let address = location.ip.contains(":") ? "[\(location.ip)]:\(port)" : "\(location.ip):\(port)"
        var errno: Int32? = nil
        if let error = error as? IOError {
            errno = error.errnoCode
        } else if let error = error as? NIOConnectionError {
            errno = error.connectionErrors.lazy.compactMap { ($0.error as? IOError)?.errnoCode }.first
            if errno == nil, error.connectionErrors.contains(where: { Self.isTimeout($0.error) }) {
                return "dial tcp \(address): i/o timeout"
            }
        }
        if let errno {
            switch errno {
            case ECONNREFUSED: return "dial tcp \(address): connect: connection refused"
            case EHOSTUNREACH: return "dial tcp \(address): connect: no route to host"
            case ENETUNREACH: return "dial tcp \(address): connect: network is unreachable"
            default: break
            }
        }
        if isTimeout(error) { return "dial tcp \(address): i/o timeout" }
        if let error = error as? HTTPClientError, error == .remoteConnectionClosed { return "EOF" }
        return String(describing: error)
    }

    static func isTimeout(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError { return error == .connectTimeout }
        if let error = error as? ChannelError, case .connectTimeout = error { return true }
        return false
    }
}

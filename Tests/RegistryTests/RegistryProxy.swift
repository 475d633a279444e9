import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// A Hummingbird server in front of a real `docker-registry` that counts requests and can
/// misbehave: answer 429 with `Retry-After` a number of times, or demand bearer tokens from
/// its own `/token` endpoint (the bearer challenge flow; docker-registry's own token auth
/// needs a JWT issuer, so this stand-in covers the client side of that flow).
actor ProxyState {
    var tooManyRequests = 0
    var retryAfter = "1"
    var bearer: (username: String, password: String, expiresIn: Int)?
    var issued: Set<String> = []
    private(set) var requests: [String] = []
    private(set) var tokenRequests: [String] = []

    func setTooManyRequests(_ count: Int, retryAfter: String) {
        tooManyRequests = count
        self.retryAfter = retryAfter
    }

    func requireBearer(username: String, password: String, expiresIn: Int) {
        bearer = (username, password, expiresIn)
    }

    func record(_ line: String) { requests.append(line) }
    func recordToken(_ line: String) { tokenRequests.append(line) }

    func takeTooManyRequests() -> String? {
        guard tooManyRequests > 0 else { return nil }
        tooManyRequests -= 1
        return retryAfter
    }

    func issueToken() -> String {
        let token = UUID().uuidString
        issued.insert(token)
        return token
    }

    func clearCounts() {
        requests = []
        tokenRequests = []
    }
}

struct RegistryProxy: Sendable {
    let port: Int
    let state: ProxyState
    var host: String { "127.0.0.1:\(port)" }

    /// Runs a proxy to `upstream` (`127.0.0.1:PORT`) for the duration of `body`.
    static func withProxy<T: Sendable>(
        upstream: String, _ body: (RegistryProxy) async throws -> T
    ) async throws -> T {
        let state = ProxyState()
        let (ready, continuation) = AsyncStream.makeStream(of: Int.self)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            try await handle(request, upstream: upstream, state: state)
        }
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: Logger(label: "registry-proxy", factory: { _ in SwiftLogNoOpLogHandler() }))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ready.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            do {
                let result = try await body(RegistryProxy(port: port, state: state))
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    private static func handle(_ request: Request, upstream: String, state: ProxyState) async throws -> Response {
        let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        if request.uri.path == "/token" {
            await state.recordToken(target)
            guard let bearer = await state.bearer else { return Response(status: .notFound) }
            let expected = "Basic " + Data("\(bearer.username):\(bearer.password)".utf8).base64EncodedString()
            guard request.headers[.authorization] == expected else { return Response(status: .unauthorized) }
            let token = await state.issueToken()
            let body = #"{"access_token":"\#(token)","expires_in":\#(bearer.expiresIn)}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        await state.record("\(request.method) \(target)")
        if let retryAfter = await state.takeTooManyRequests() {
            let body = #"{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}"#
            return Response(
                status: .tooManyRequests, headers: [.retryAfter: retryAfter, .contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        if await state.bearer != nil {
            let presented = request.headers[.authorization] ?? ""
            let token = presented.hasPrefix("Bearer ") ? String(presented.dropFirst(7)) : ""
            guard await state.issued.contains(token) else {
                let host = request.head.authority ?? "127.0.0.1"
                let challenge = #"Bearer realm="http://\#(host)/token",service="test-registry",scope="repository:app:pull""#
                return Response(
                    status: .unauthorized, headers: [.wwwAuthenticate: challenge],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"errors":[{"code":"UNAUTHORIZED"}]}"#)))
            }
        }
        if request.uri.path.hasSuffix("/tags/list"), let page = request.uri.queryParameters["n"].flatMap({ Int($0) }) {
            return try await paginatedTags(request, upstream: upstream, page: page)
        }
        var forward = HTTPClientRequest(url: "http://\(upstream)\(target)")
        forward.method = HTTPMethod(rawValue: request.method.rawValue)
        if let accept = request.headers[.accept] { forward.headers.add(name: "Accept", value: accept) }
        let response = try await HTTPClient.shared.execute(forward, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        var headers = HTTPFields()
        for name in ["Content-Type", "Docker-Content-Digest", "Link"] {
            if let value = response.headers.first(name: name), let field = HTTPFields.Element.Name(name) { headers[field] = value }
        }
        return Response(status: .init(code: Int(response.status.code)), headers: headers, body: .init(byteBuffer: body))
    }

    /// Pages the upstream tag list: sorted tags after `last`, at most `page`, `Link` to the rest.
    private static func paginatedTags(_ request: Request, upstream: String, page: Int) async throws -> Response {
        let path = request.uri.path
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://\(upstream)\(path)"), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        guard response.status == .ok,
            let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let name = object["name"] as? String
        else { return Response(status: .init(code: Int(response.status.code)), body: .init(byteBuffer: body)) }
        let all = ((object["tags"] as? [String]) ?? []).sorted()
        let last = request.uri.queryParameters["last"].map(String.init)
        let remaining = all.filter { last == nil || $0 > last! }
        let chunk = Array(remaining.prefix(page))
        var headers: HTTPFields = [.contentType: "application/json"]
        if remaining.count > chunk.count, let end = chunk.last, let link = HTTPFields.Element.Name("Link") {
            headers[link] = "<\(path)?last=\(end)&n=\(page)>; rel=\"next\""
        }
        let data = try JSONSerialization.data(withJSONObject: ["name": name, "tags": chunk])
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

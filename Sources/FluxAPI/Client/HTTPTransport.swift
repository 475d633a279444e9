import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Requests straight to fluxd's `--listen` address (`--url` / `FLUX_URL`).
public struct HTTPTransport: FluxTransport {
    public let baseURL: String
    let token: String?
    let timeout: Duration
    let client: HTTPClient

    /// - Parameters:
    ///   - baseURL: e.g. `http://127.0.0.1:3030`; a trailing `/api/flux` (Flux v1 style) is accepted.
    public init(baseURL: String, token: String?, timeout: Duration, client: HTTPClient) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        for suffix in ["/api/flux/v1", "/api/flux"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
        }
        self.baseURL = base
        self.token = token
        self.timeout = timeout
        self.client = client
    }

    public var endpoint: String { baseURL }

    public func send(_ request: FluxRequest) async throws(FluxAPIError) -> FluxResponse {
        var http = HTTPClientRequest(url: baseURL + request.target)
        http.method = HTTPMethod(rawValue: request.method)
        if let token { http.headers.add(name: FluxAPIAuth.header, value: FluxAPIAuth.bearer(token)) }
        http.headers.add(name: "Accept", value: "application/json")
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: "application/json")
            http.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await client.execute(http, timeout: TimeAmount(timeout))
            var buffer = try await response.body.collect(upTo: 64 << 20)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            return FluxResponse(status: Int(response.status.code), body: bytes)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw FluxAPIError(.timeout, endpoint: endpoint, message: "no answer within \(timeout) (--timeout)")
        } catch {
            throw FluxAPIError(.unreachable, endpoint: endpoint, message: Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return text
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

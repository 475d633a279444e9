import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTLS
import KubernetesModel
import Logging
import NIOCore
import NIOSSL

/// A loopback HTTP(S) server whose every request is answered by a test's closure; it also
/// records each request (method, path, query, headers, body) for assertions.
actor RequestLog {
    struct Entry: Sendable {
        var method: String
        var path: String
        var query: String
        var headers: [String: String]
        var body: [UInt8]

        func header(_ name: String) -> String? { headers[name.lowercased()] }
        var json: JSONValue? { try? JSONValue(parsing: body) }
    }

    private(set) var entries: [Entry] = []
    func append(_ entry: Entry) { entries.append(entry) }
    var count: Int { entries.count }
}

typealias TestHandler = @Sendable (RequestLog.Entry, Int) async throws -> Response

enum TestAPIServer {
    /// Runs a server on 127.0.0.1 (random port) for the duration of `body`.
    static func with<T: Sendable>(
        tls: TLSConfiguration? = nil,
        handler: @escaping TestHandler,
        _ body: @Sendable (_ url: String, _ log: RequestLog) async throws -> T
    ) async throws -> T {
        let log = RequestLog()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let bytes = try await request.body.collect(upTo: 16 << 20)
            let entry = RequestLog.Entry(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                headers: headers, body: Array(bytes.readableBytesView))
            await log.append(entry)
            return try await handler(entry, await log.count)
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test-api-server")
        logger.logLevel = .critical
        let app = Application(
            responder: responder,
            server: try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestServerError.didNotStart }
            let scheme = tls == nil ? "http" : "https"
            let result = try await body("\(scheme)://127.0.0.1:\(port)", log)
            group.cancelAll()
            return result
        }
    }
}

enum TestServerError: Error { case didNotStart }

extension Response {
    /// A JSON response.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.serializedBytes())))
    }

    /// A `metav1.Status` error response.
    static func status(_ status: Status, headers: HTTPFields = [:]) -> Response {
        json(status.json, status: HTTPResponse.Status(code: status.code), headers: headers)
    }
}

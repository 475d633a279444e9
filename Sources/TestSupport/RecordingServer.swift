import Foundation
import Hummingbird
import Logging
import NIOCore

/// An HTTP server on loopback that records every POST and answers with scripted statuses
/// (then 200), for checking what notification targets receive.
public struct RecordingServer: Sendable {
    public struct Received: Sendable {
        public var method: String
        public var path: String
        /// Header names in lower case.
        public var headers: [String: String]
        public var body: [UInt8]

        // try?, deliberate: nil is "not JSON".
        public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public actor Log {
        var requests: [Received] = []
        var script: [Int]

        init(script: [Int]) { self.script = script }

        func record(_ request: Received) -> Int {
            requests.append(request)
            return script.isEmpty ? 200 : script.removeFirst()
        }
    }

    public let port: Int
    public let log: Log

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public func requests() async -> [Received] { await log.requests }

    /// Waits (bounded) until `count` requests arrived.
    public func waitFor(_ count: Int, timeout: Duration = .seconds(20)) async throws -> [Received] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            let current = await log.requests
            if current.count >= count { return current }
            try await Task.sleep(for: .milliseconds(20))
        }
        return await log.requests
    }

    public static func with(script: [Int] = [], _ body: @Sendable (RecordingServer) async throws -> Void) async throws {
        let log = Log(script: script)
        let router = Router()
        router.on("/**", method: .post) { request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let status = await log.record(
                Received(method: request.method.rawValue, path: request.uri.path, headers: headers, body: Array(buffer.readableBytesView)))
            var response = Response(status: HTTPResponse.Status(code: status), body: ResponseBody(byteBuffer: ByteBuffer(string: "{}")))
            if status == 429 { response.headers[.retryAfter] = "0" }
            return response
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "recording-server")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in _ = continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            do {
                try await body(RecordingServer(port: port, log: log))
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }
}

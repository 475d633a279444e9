import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import Webhooks

/// A real receiver on a loopback port, with a handler that records what it was given.
struct ReceiverHarness: Sendable {
    let port: Int
    let events: EventLog
    let client: HTTPClient

    actor EventLog {
        var events: [WebhookEvent] = []
        func append(_ event: WebhookEvent) { events.append(event) }
    }

    static let secret = "0123456789abcdef-webhook-secret"

    static func with(
        maximumBodySize: Int = WebhookReceiver.defaultMaximumBodySize,
        _ body: @Sendable (ReceiverHarness) async throws -> Void
    ) async throws {
        let events = EventLog()
        let secret = try WebhookSecret(Self.secret)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "webhooks-test")
        logger.logLevel = .critical
        let app = WebhookReceiver.application(
            host: "127.0.0.1", port: 0, secret: secret, maximumBodySize: maximumBodySize, logger: logger,
            onServerRunning: { port in _ = continuation.yield(port) },
            handler: { event in
                await events.append(event)
                return .triggered("recorded")
            })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                try await body(ReceiverHarness(port: port, events: events, client: client))
            } catch {
                try await client.shutdown()
                group.cancelAll()
                throw error
            }
            try await client.shutdown()
            group.cancelAll()
        }
    }

    struct Reply {
        var status: Int
        var body: String
    }

    func post(_ path: String, body: String, headers: [(String, String)]) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Reply(status: Int(response.status.code), body: String(buffer: bytes))
    }

    func recorded() async -> [WebhookEvent] { await events.events }

    /// `sha256=<hex>` of `body` under `key`.
    static func sign(_ body: String, key: String = secret) throws -> String {
        try WebhookSecret(key).signature(of: Array(body.utf8))
    }
}

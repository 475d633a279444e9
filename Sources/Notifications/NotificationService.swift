import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Delivers notifications to every target without ever making the sender wait: `post`
/// queues (each target keeps the newest `queueLimit`; older ones are dropped and counted),
/// and one worker per target sends in order, retrying network errors, 429 and 5xx with
/// exponential back-off (honouring `Retry-After`), up to `maximumAttempts`. Other 4xx
/// answers are not retried. Every payload is redacted first (`Redaction`).
///
/// Metrics: `swiftflux_notifications_total{target, outcome}` (`sent`, `failed`, `dropped`)
/// and `swiftflux_notification_retries_total{target}`.
public struct NotificationService: Service {
    public struct Settings: Sendable {
        public var maximumAttempts = 5
        public var initialBackoff: Duration = .seconds(1)
        public var maximumBackoff: Duration = .seconds(30)
        public var requestTimeout: Duration = .seconds(10)
        public var queueLimit = 100

        public init() {}
    }

    let targets: [NotificationTarget]
    let credentials: NotificationCredentials
    let redaction: Redaction
    let settings: Settings
    let http: HTTPClient
    let logger: Logger
    private let queues: [Queue]

    struct Queue: Sendable {
        let stream: AsyncStream<FluxNotification>
        let continuation: AsyncStream<FluxNotification>.Continuation
    }

    /// `http` is the caller's (shut down by it); `redact` lists further secret values to keep
    /// out of payloads (the webhook secret, git credentials).
    public init(
        targets: [NotificationTarget], credentials: NotificationCredentials, redact: [String] = [],
        settings: Settings = Settings(), http: HTTPClient, logger: Logger
    ) {
        self.targets = targets
        self.credentials = credentials
        self.redaction = Redaction(secrets: credentials.secretValues + redact)
        self.settings = settings
        self.http = http
        self.logger = logger
        queues = targets.map { _ in
            let (stream, continuation) = AsyncStream.makeStream(
                of: FluxNotification.self, bufferingPolicy: .bufferingNewest(settings.queueLimit))
            return Queue(stream: stream, continuation: continuation)
        }
    }

    public var isEnabled: Bool { !targets.isEmpty }

    /// Queues `notification` for every target; returns at once.
    public func post(_ notification: FluxNotification) {
        for (target, queue) in zip(targets, queues) {
            if case .dropped = queue.continuation.yield(notification) {
                Self.count(target, "dropped")
                logger.warning("notification queue full; dropped the oldest", metadata: ["target": "\(target.kindName)"])
            }
        }
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for (target, queue) in zip(targets, queues) {
                    group.addTask {
                        for await notification in queue.stream {
                            await deliver(notification, to: target)
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            for queue in queues { queue.continuation.finish() }
        }
    }

    /// Sends one notification to one target, with retries. Returns whether it was delivered.
    @discardableResult
    public func deliver(_ notification: FluxNotification, to target: NotificationTarget) async -> Bool {
        guard let request = target.request(for: redaction.apply(notification), credentials: credentials) else { return true }
        var backoff = settings.initialBackoff
        for attempt in 1...max(settings.maximumAttempts, 1) {
            let outcome = await send(request)
            switch outcome {
            case .delivered:
                Self.count(target, "sent")
                return true
            case .rejected(let status, let body):
                Self.count(target, "failed")
                logger.error(
                    "notification refused",
                    metadata: [
                        "target": "\(target.kindName)", "kind": "\(notification.kind.rawValue)", "status": "\(status)",
                        "answer": "\(redaction.apply(body))",
                    ])
                return false
            case .retry(let reason, let retryAfter):
                guard attempt < settings.maximumAttempts, !Task.isCancelled else {
                    Self.count(target, "failed")
                    logger.error(
                        "notification not delivered",
                        metadata: [
                            "target": "\(target.kindName)", "kind": "\(notification.kind.rawValue)",
                            "attempts": "\(attempt)", "error": "\(redaction.apply(reason))",
                        ])
                    return false
                }
                Counter(label: "swiftflux_notification_retries_total", dimensions: [("target", target.kindName)]).increment()
                let wait = min(max(retryAfter ?? backoff, .zero), settings.maximumBackoff)
                logger.debug("notification retry", metadata: ["target": "\(target.kindName)", "in": "\(wait)"])
                do { try await Task.sleep(for: wait) } catch { return false }
                backoff = min(backoff * 2, settings.maximumBackoff)
            }
        }
        return false
    }

    enum Outcome {
        case delivered
        case rejected(status: Int, body: String)
        case retry(reason: String, retryAfter: Duration?)
    }

    func send(_ outgoing: OutgoingRequest) async -> Outcome {
        var request = HTTPClientRequest(url: outgoing.url)
        request.method = HTTPMethod(rawValue: outgoing.method)
        for (name, value) in outgoing.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: outgoing.body))
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(settings.requestTimeout.nanoseconds))
            let body = try await response.body.collect(upTo: 64 * 1024)
            let status = Int(response.status.code)
            if (200..<300).contains(status) { return .delivered }
            let text = String(buffer: body).prefix(500)
            if status == 429 || status >= 500 {
                let after = response.headers.first(name: "Retry-After").flatMap(Int.init).map { Duration.seconds($0) }
                return .retry(reason: "HTTP \(status): \(text)", retryAfter: after)
            }
            return .rejected(status: status, body: String(text))
        } catch {
            return .retry(reason: "\(error)", retryAfter: nil)
        }
    }

    static func count(_ target: NotificationTarget, _ outcome: String) {
        Counter(label: "swiftflux_notifications_total", dimensions: [("target", target.kindName), ("outcome", outcome)])
            .increment()
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

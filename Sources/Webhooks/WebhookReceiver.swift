import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore

/// What fluxd made of a webhook, for the answer and the metrics.
public enum WebhookDisposition: Sendable, Hashable {
    /// Work was started (or folded into work already pending): 202.
    case triggered(String)
    /// Nothing to do (another repository or branch, an image no workload runs): 200.
    case ignored(String)
}

/// The webhook endpoint (`--listen-webhook`): `POST /hook/<provider>` (and
/// `/hook/<provider>/<digest>` for providers that cannot sign), `GET /healthz`.
///
/// Every request is checked in this order, and a refused one triggers nothing: a body over
/// `maximumBodySize` gets 413 (by `Content-Length` before reading, else while reading); a
/// missing or wrong signature or token 401; a body that is not the provider's JSON 400.
/// Comparisons with the secret take constant time. Accepted events go to `handler`, which
/// must return quickly (fluxd queues the work and coalesces bursts).
public enum WebhookReceiver {
    public static let defaultMaximumBodySize = 5 << 20

    public static func router(
        secret: WebhookSecret, maximumBodySize: Int = defaultMaximumBodySize, logger: Logger,
        handler: @escaping @Sendable (WebhookEvent) async -> WebhookDisposition
    ) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ in "ok" }
        for path in ["/hook/:provider", "/hook/:provider/:token"] {
            router.post(RouterPath(path)) { request, context -> Response in
                let name = context.parameters.get("provider") ?? ""
                guard let provider = WebhookProvider(rawValue: name) else {
                    return reply(
                        404,
                        "no webhook provider \"\(name)\"; use one of "
                            + WebhookProvider.allCases.map(\.rawValue).joined(separator: ", "), provider: "unknown")
                }
                let token = context.parameters.get("token")
                if token != nil, provider.authentication.isURLDigest == false {
                    return reply(404, "/hook/\(name) takes no further path", provider: name)
                }
                var request = request
                let result = await receive(
                    &request, provider: provider, token: token, secret: secret, limit: maximumBodySize, handler: handler)
                switch result {
                case .failure(let error):
                    logger.notice(
                        "webhook refused",
                        metadata: ["provider": "\(name)", "status": "\(error.status)", "reason": "\(error.message)"])
                    return reply(error.status, error.message, provider: name)
                case .success(.triggered(let message)):
                    logger.info("webhook accepted", metadata: ["provider": "\(name)", "action": "\(message)"])
                    return reply(202, message, provider: name)
                case .success(.ignored(let message)):
                    logger.info("webhook ignored", metadata: ["provider": "\(name)", "reason": "\(message)"])
                    return reply(200, message, provider: name)
                }
            }
        }
        return router
    }

    static func receive(
        _ request: inout Request, provider: WebhookProvider, token: String?, secret: WebhookSecret, limit: Int,
        handler: @Sendable (WebhookEvent) async -> WebhookDisposition
    ) async -> Result<WebhookDisposition, WebhookError> {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            return .failure(WebhookError(status: 413, "the body is over the \(limit)-byte limit"))
        }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            return .failure(WebhookError(status: 413, "the body is over the \(limit)-byte limit"))
        } catch {
            return .failure(WebhookError(status: 400, "could not read the body: \(error)"))
        }
        var headers: [String: String] = [:]
        for field in request.headers where headers[field.name.canonicalName] == nil {
            headers[field.name.canonicalName] = field.value
        }
        let webhook = WebhookRequest(
            provider: provider, headers: headers, body: Array(body.readableBytesView), pathToken: token)
        do {
            switch try provider.handle(webhook, secret: secret) {
            case .ignored(let reason):
                return .success(.ignored(reason))
            case .event(.ping):
                return .success(.ignored("pong"))
            case .event(let event):
                return .success(await handler(event))
            }
        } catch {
            return .failure(error)
        }
    }

    static func reply(_ status: Int, _ message: String, provider: String) -> Response {
        Counter(label: "swiftflux_webhook_requests_total", dimensions: [("provider", provider), ("code", String(status))])
            .increment()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let body = (try? encoder.encode(["message": message])) ?? Data("{}".utf8)  // deliberate: a [String: String] always encodes
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension WebhookProvider.Authentication {
    var isURLDigest: Bool {
        if case .urlDigest = self { return true }
        return false
    }
}

extension WebhookReceiver {
    /// The receiver as a Hummingbird application (a swift-service-lifecycle `Service`) on
    /// `host:port`; `onServerRunning` gets the bound port.
    public static func application(
        host: String, port: Int, secret: WebhookSecret, maximumBodySize: Int = defaultMaximumBodySize, logger: Logger,
        onServerRunning: (@Sendable (Int) async -> Void)? = nil,
        handler: @escaping @Sendable (WebhookEvent) async -> WebhookDisposition
    ) -> some ApplicationProtocol {
        Application(
            router: router(secret: secret, maximumBodySize: maximumBodySize, logger: logger, handler: handler),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "fluxd-webhooks"),
            onServerRunning: { channel in await onServerRunning?(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}

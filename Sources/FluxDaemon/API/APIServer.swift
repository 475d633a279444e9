import FluxAPI
import FluxUI
import Foundation
import Hummingbird
import Logging

/// fluxd's JSON API on `--listen` (see docs/api/openapi.yaml): every route of `APIRoute`,
/// behind the bearer token.
enum APIServer {
    static func application(
        host: String, port: Int, token: String, handlers: APIHandlers, logger: Logger,
        metrics: DaemonMetrics? = nil, readiness: Readiness? = nil,
        onServerRunning: (@Sendable (Int) async -> Void)? = nil
    ) -> some ApplicationProtocol {
        let router = Router()
        // The web UI's files carry no data: served before the token check (`FluxUI`).
        router.add(middleware: UIMiddleware())
        if let metrics { router.add(middleware: RequestMetricsMiddleware(metrics: metrics)) }
        router.add(middleware: BearerTokenMiddleware(token: token))
        router.add(middleware: MethodCheckMiddleware())
        if let metrics, let readiness {
            // As in Flux v1, /metrics is on the API port, without the token (metrics hold no secrets).
            MetricsServer.addRoutes(to: router, metrics: metrics, readiness: readiness)
        }
        for route in APIRoute.allCases {
            let method: HTTPRequest.Method = route.method == "POST" ? .post : .get
            router.on(RouterPath(route.template), method: method) { request, context -> Response in
                do {
                    return try await respond(route, request: request, context: context, handlers: handlers)
                } catch let failure as APIFailure {
                    return errorResponse(status: failure.status, message: failure.message)
                } catch {
                    logger.error("API request failed", metadata: ["route": "\(route.rawValue)", "error": "\(error)"])
                    return errorResponse(status: 500, message: "\(error)")
                }
            }
        }
        FluxV1Probe.register(on: router, identity: handlers.identity)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "fluxd"),
            onServerRunning: { channel in
                await onServerRunning?(channel.localAddress?.port ?? port)
            },
            logger: logger)
    }

    static func respond(
        _ route: APIRoute, request: Request, context: BasicRequestContext, handlers: APIHandlers
    ) async throws -> Response {
        let query = request.uri.queryParameters
        switch route {
        case .version:
            return try json(handlers.version())
        case .sync:
            try await requireEmptyObject(request)
            return try json(await handlers.submitSync(), status: .accepted)
        case .job:
            let id = context.parameters.get("id") ?? ""
            return try json(try await handlers.job(id))
        case .identity:
            return try json(await handlers.identity.info)
        case .regenerateIdentity:
            try await requireEmptyObject(request)
            return try json(try await handlers.regenerateIdentity())
        case .workloads:
            let namespace = query["namespace"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            return try json(try await handlers.workloads.statuses(namespace: namespace))
        case .images:
            let workload = query["workload"].map(String.init)
            let namespace = query["namespace"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            return try json(try await handlers.images(workload: workload, namespace: namespace))
        case .policies:
            let body = try await decode(PolicyRequest.self, from: request)
            return try json(try await handlers.submitPolicies(body), status: .accepted)
        case .releases:
            let body = try await decode(ReleaseRequest.self, from: request)
            return try json(try await handlers.submitRelease(body), status: .accepted)
        case .export:
            let yaml = try await handlers.export()
            return Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: yaml)))
        case .status:
            return try json(await handlers.status())
        case .history:
            return try json(
                try await handlers.history(after: query["after"].map(String.init), limit: query["limit"].map(String.init)))
        case .health:
            return try json(await handlers.healthReport())
        }
    }

    /// Routes that take no parameters accept no body, or a JSON object (ignored).
    static func requireEmptyObject(_ request: Request) async throws {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        let bytes = Data(buffer.readableBytesView)
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return }
        // Deliberate: why the JSON does not parse does not matter, any body but an object is refused.
        guard (try? JSONSerialization.jsonObject(with: bytes)) is [String: Any] else {
            throw APIFailure.badRequest("the body must be empty or a JSON object")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        do {
            return try FluxJSON.decoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIFailure.badRequest("invalid \(T.self) body: \(error)")
        }
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try FluxJSON.encoder().encode(value)
        // Cluster data: no browser or proxy keeps a copy.
        return Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func errorResponse(status: Int, message: String) -> Response {
        // Deliberate: encoding a one-string struct cannot fail; an empty body still carries the status.
        let data = (try? FluxJSON.encoder().encode(APIErrorBody(message: message))) ?? Data()
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Refuses (401, nothing done) any request without the API token, given as
/// `Authorization: Bearer` or, through the Kubernetes API server's proxy,
/// `X-Flux-Authorization: Bearer`. The token is never logged.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    /// Paths served without the token: metrics and probes (GET only).
    static var publicPaths: Set<String> { ["/metrics", "/healthz", "/readyz"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        // Flux v1's probe path carries no token and reveals only the public deploy key.
        if request.method == .get && request.uri.path == FluxV1Probe.path { return try await next(request, context) }
        if request.method == .get, Self.publicPaths.contains(request.uri.path) { return try await next(request, context) }
        let names = Set([FluxAPIAuth.header.lowercased(), FluxAPIAuth.proxyHeader.lowercased()])
        var presented: String?
        for field in request.headers where names.contains(field.name.canonicalName) {
            let parts = field.value.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { continue }
            presented = String(parts[1]).trimmingCharacters(in: .whitespaces)
            break
        }
        guard let presented, APIToken.matches(presented, expected: token) else {
            return APIServer.errorResponse(
                status: 401, message: presented == nil ? "an API token is required (Authorization: Bearer)" : "invalid API token")
        }
        return try await next(request, context)
    }
}

/// A request for an API path with a method the path does not have gets 405 and an `Allow`
/// header (not 404), whatever the method.
struct MethodCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Path templates split in components, with the methods each has.
    static var templates: [([Substring], [String])] {
        Dictionary(grouping: APIRoute.allCases, by: \.template).map { template, routes in
            (template.split(separator: "/"), routes.map(\.method))
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let components = request.uri.path.split(separator: "/")
        for (template, methods) in Self.templates where template.count == components.count {
            let matches = zip(template, components).allSatisfy { pattern, component in
                pattern.hasPrefix("{") || pattern == component
            }
            guard matches, !methods.contains(request.method.rawValue) else { continue }
            var response = APIServer.errorResponse(
                status: 405, message: "method \(request.method.rawValue) not allowed; use \(methods.joined(separator: ", "))")
            response.headers[.allow] = methods.joined(separator: ", ")
            return response
        }
        return try await next(request, context)
    }
}

import FluxAPI
import Hummingbird

/// Flux v1's `flux_request_duration_seconds{method, route, status_code, ws}` for every
/// request to the API port, the refused ones included. `route` is the route's name
/// (`Version`, `Sync`, `Job`, …, `Metrics`), `NotFound` for paths fluxd does not serve.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: DaemonMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let clock = ContinuousClock()
        let started = clock.now
        let route = RouteNames.name(method: request.method.rawValue, path: request.uri.path)
        do {
            let response = try await next(request, context)
            record(request, route: route, status: Int(response.status.code), duration: clock.now - started)
            return response
        } catch let error as any HTTPResponseError {
            record(request, route: route, status: Int(error.status.code), duration: clock.now - started)
            throw error
        } catch {
            record(request, route: route, status: 500, duration: clock.now - started)
            throw error
        }
    }

    func record(_ request: Request, route: String, status: Int, duration: Duration) {
        metrics.requestDuration(method: request.method.rawValue, route: route, statusCode: status).record(duration.seconds)
    }
}

/// The `route` label of a request: the API route's name, or `NotFound`.
enum RouteNames {
    static let plainRoutes = ["/metrics": "Metrics", "/healthz": "Healthz", "/readyz": "Readyz"]

    static func name(method: String, path: String) -> String {
        if let name = plainRoutes[path] { return name }
        let components = path.split(separator: "/")
        for route in APIRoute.allCases where route.method == method {
            let template = route.template.split(separator: "/")
            guard template.count == components.count,
                zip(template, components).allSatisfy({ $0.hasPrefix("{") || $0 == $1 })
            else { continue }
            let name = "\(route)"
            return name.prefix(1).uppercased() + name.dropFirst()
        }
        return "NotFound"
    }
}

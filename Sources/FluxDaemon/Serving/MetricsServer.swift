import Hummingbird
import Logging

/// `/metrics` (Prometheus text format), `/healthz` and `/readyz`: always on `--listen` (as
/// Flux v1 served `/metrics` there, next to the API), and alone on `--listen-metrics` when given.
enum MetricsServer {
    static func addRoutes(to router: Router<some RequestContext>, metrics: DaemonMetrics, readiness: Readiness) {
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        router.get("/healthz") { _, _ in "ok" }
        router.get("/readyz") { _, _ -> Response in
            readiness.isReady
                ? Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "ok")))
                : Response(status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: "first sync not finished")))
        }
    }

    static func application(
        host: String, port: Int, metrics: DaemonMetrics, readiness: Readiness, logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        addRoutes(to: router, metrics: metrics, readiness: readiness)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "fluxd"),
            logger: logger)
    }
}

import Metrics

/// Flux v1's registry metrics (fluxcd/flux `pkg/registry/monitoring.go`):
/// `flux_registry_fetch_duration_seconds{success}` for each repository a scan reads, and
/// `flux_client_fetch_duration_seconds{kind, success}` for each request to a registry
/// (`kind` is `tags` or `metadata`). fluxd registers them with `prometheus.DefBuckets`.
enum FetchMetrics {
    static func repository(success: Bool, duration: Duration) {
        Metrics.Timer(label: "flux_registry_fetch_duration_seconds", dimensions: [("success", success ? "true" : "false")])
            .record(duration: duration)
    }

    static func request(kind: String, success: Bool, duration: Duration) {
        Metrics.Timer(
            label: "flux_client_fetch_duration_seconds", dimensions: [("kind", kind), ("success", success ? "true" : "false")]
        ).record(duration: duration)
    }
}

extension Metrics.Timer {
    func record(duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

import Foundation
import Health
import Metrics
import Prometheus

/// fluxd's Prometheus metrics: Flux v1's, with its exact names, labels, help texts and
/// buckets (fluxcd/flux `pkg/daemon/metrics.go`, `pkg/git/metrics.go`,
/// `pkg/registry/monitoring.go`, `pkg/http/daemon/server.go`), and SwiftFlux's own for health
/// (here), webhooks, notifications and events (counted through swift-metrics by their modules).
///
/// Every series Flux v1 exported without labels, and the `success` variants of the sync and
/// job histograms, exist from start-up, so dashboards and alerts see zeros rather than nothing.
final class DaemonMetrics: Sendable {
    /// Flux v1: "syncs (of about 100 resources) take about thirty seconds to a minute".
    static let syncBuckets: [Double] = [0.5, 5, 10, 20, 30, 40, 50, 60, 75, 90, 120, 240]
    /// Flux v1's job and queue buckets.
    static let jobBuckets: [Double] = [0.1, 0.5, 1, 2, 5, 10, 15, 20, 30, 45, 60, 120]
    /// `prometheus.DefBuckets` of client_golang.
    static let defaultBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    let registry: PrometheusCollectorRegistry

    init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        for success in ["true", "false"] {
            _ = syncDuration(success)
            _ = syncManifests(success)
            _ = jobDuration(success)
        }
        _ = queueDuration
        queueLength.set(0.0)
        gitReady.set(0.0)
        for status in HealthStatus.allCases { healthObjects(status).set(0.0) }
    }

    /// A swift-metrics factory on the same registry, for the modules that count through
    /// swift-metrics; its timers use `prometheus.DefBuckets`, like Flux v1's.
    var factory: PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.defaultBuckets.map { .nanoseconds(Int64($0 * 1e9)) }
        // Flux v1's registry histograms (registered through swift-metrics by `Registry`).
        for label in ["flux_registry_fetch_duration_seconds", "flux_client_fetch_duration_seconds"] {
            factory.durationHistogramBuckets[label] = Self.defaultBuckets.map { .nanoseconds(Int64($0 * 1e9)) }
        }
        return factory
    }

    /// Creates the series that swift-metrics users (`Registry`) record into, so they are on
    /// `/metrics` from start-up too. Call after `MetricsSystem.bootstrap(factory)`.
    static func registerSwiftMetricsSeries() {
        for success in ["true", "false"] {
            _ = Metrics.Timer(label: "flux_registry_fetch_duration_seconds", dimensions: [("success", success)])
            for kind in ["tags", "metadata"] {
                _ = Metrics.Timer(label: "flux_client_fetch_duration_seconds", dimensions: [("kind", kind), ("success", success)])
            }
        }
    }

    // MARK: Flux v1

    func syncDuration(_ success: String) -> ValueHistogram {
        registry.makeValueHistogram(
            descriptor: Self.name("flux_daemon_sync_duration_seconds", "Duration of git-to-cluster synchronisation, in seconds."),
            labels: [("success", success)], buckets: Self.syncBuckets)
    }

    func syncManifests(_ success: String) -> Prometheus.Gauge {
        registry.makeGauge(
            descriptor: Self.name("flux_daemon_sync_manifests", "Number of synchronized manifests"), labels: [("success", success)])
    }

    func jobDuration(_ success: String) -> ValueHistogram {
        registry.makeValueHistogram(
            descriptor: Self.name("flux_daemon_job_duration_seconds", "Duration of job execution, in seconds."),
            labels: [("success", success)], buckets: Self.jobBuckets)
    }

    var queueDuration: ValueHistogram {
        registry.makeValueHistogram(
            descriptor: Self.name(
                "flux_daemon_queue_duration_seconds", "Duration of time spent in the job queue before execution, in seconds."),
            buckets: Self.jobBuckets)
    }

    var queueLength: Prometheus.Gauge {
        registry.makeGauge(descriptor: Self.name("flux_daemon_queue_length_count", "Count of jobs waiting in the queue to be run."))
    }

    var gitReady: Prometheus.Gauge { registry.makeGauge(descriptor: Self.name("flux_git_ready", "Status of the git repository.")) }

    func requestDuration(method: String, route: String, statusCode: Int) -> ValueHistogram {
        registry.makeValueHistogram(
            descriptor: Self.name("flux_request_duration_seconds", "Time (in seconds) spent serving HTTP requests."),
            labels: [("method", method), ("route", route), ("status_code", String(statusCode)), ("ws", "false")],
            buckets: Self.defaultBuckets)
    }

    /// A metric name as Go's client writes namespace, subsystem and name joined, with its help.
    static func name(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    // MARK: recording

    /// One sync pass: its duration, and the manifests applied (`true`) and failing (`false`:
    /// objects the API server refused plus manifests that did not load), as Flux v1 counted them.
    func recordSync(succeeded: Bool, duration: Duration, applied: Int, failed: Int) {
        syncDuration(succeeded ? "true" : "false").record(duration.seconds)
        syncManifests("true").set(Double(applied))
        syncManifests("false").set(Double(failed))
    }

    func recordGit(ready: Bool) { gitReady.set(ready ? 1.0 : 0.0) }

    // MARK: SwiftFlux

    func healthObjects(_ status: HealthStatus) -> Prometheus.Gauge {
        registry.makeGauge(
            descriptor: Self.name("swiftflux_health_objects", "Objects of the last applied revision by kstatus health status."),
            labels: [("status", status.rawValue)])
    }

    func recordHealth(_ objects: [ObjectHealth]) {
        for status in HealthStatus.allCases {
            healthObjects(status).set(Double(objects.filter { $0.result.status == status }.count))
        }
    }

    /// The Prometheus text exposition, with bucket bounds written as Go writes them (`le="5"`,
    /// not `le="5.0"`), so series are identical to Flux v1's.
    func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Self.goBucketBounds(buffer)
    }

    static func goBucketBounds(_ text: [UInt8]) -> [UInt8] {
        let marker = Array(#"le=""#.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if text[index] == marker[0], index + marker.count <= text.count, Array(text[index..<index + marker.count]) == marker {
                output += marker
                index += marker.count
                var value: [UInt8] = []
                while index < text.count, text[index] != UInt8(ascii: "\"") {
                    value.append(text[index])
                    index += 1
                }
                if value.count > 2, value.suffix(2) == [UInt8(ascii: "."), UInt8(ascii: "0")],
                    value.dropLast(2).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
                {
                    value.removeLast(2)
                }
                output += value
                continue
            }
            output.append(text[index])
            index += 1
        }
        return output
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

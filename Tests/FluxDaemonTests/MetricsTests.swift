import Foundation
import Health
import KubernetesModel
import TestSupport
import Testing

@testable import FluxDaemon

/// fluxd's /metrics read by prometheus-client's parser: Flux v1's names, types, labels, help
/// and buckets, exactly (fluxcd/flux pkg/daemon/metrics.go, pkg/git/metrics.go,
/// pkg/http/daemon/server.go).
@Suite struct MetricsTests {
    static func goBounds(_ bounds: [Double]) -> [String] {
        bounds.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } + ["+Inf"]
    }

    @Test func fluxV1MetricsHaveTheirNamesLabelsAndBuckets() async throws {
        let metrics = DaemonMetrics()
        metrics.recordSync(succeeded: true, duration: .seconds(3), applied: 12, failed: 0)
        metrics.recordSync(succeeded: false, duration: .milliseconds(400), applied: 10, failed: 2)
        metrics.recordGit(ready: true)
        metrics.jobDuration("true").record(1.5)
        metrics.queueDuration.record(0.2)
        metrics.queueLength.set(3.0)
        metrics.requestDuration(method: "GET", route: "Version", statusCode: 200).record(0.003)
        metrics.recordHealth([
            ObjectHealth(
                key: ObjectKey(group: "apps", kind: "Deployment", namespace: "demo", name: "web"), apiVersion: "apps/v1",
                result: HealthResult(.failed, reason: "ProgressDeadlineExceeded", message: "Progress deadline exceeded"))
        ])
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        let families = try await PrometheusText.parse(text)

        let sync = try #require(families["flux_daemon_sync_duration_seconds"])
        #expect(sync.type == "histogram")
        #expect(sync.help == "Duration of git-to-cluster synchronisation, in seconds.")
        let syncBounds = sync.samples(named: "flux_daemon_sync_duration_seconds_bucket", where: ["success": "true"]).compactMap {
            $0.labels["le"]
        }
        #expect(syncBounds == Self.goBounds([0.5, 5, 10, 20, 30, 40, 50, 60, 75, 90, 120, 240]))
        #expect(sync.samples(named: "flux_daemon_sync_duration_seconds_count", where: ["success": "true"]).first?.value == 1)
        #expect(
            sync.samples(named: "flux_daemon_sync_duration_seconds_bucket", where: ["success": "false", "le": "0.5"]).first?.value == 1)
        #expect(sync.samples(named: "flux_daemon_sync_duration_seconds_bucket", where: ["success": "true", "le": "5"]).first?.value == 1)

        let manifests = try #require(families["flux_daemon_sync_manifests"])
        #expect(manifests.type == "gauge")
        #expect(manifests.samples(named: "flux_daemon_sync_manifests", where: ["success": "true"]).first?.value == 10)
        #expect(manifests.samples(named: "flux_daemon_sync_manifests", where: ["success": "false"]).first?.value == 2)

        let job = try #require(families["flux_daemon_job_duration_seconds"])
        #expect(
            job.samples(named: "flux_daemon_job_duration_seconds_bucket", where: ["success": "true"]).compactMap { $0.labels["le"] }
                == Self.goBounds([0.1, 0.5, 1, 2, 5, 10, 15, 20, 30, 45, 60, 120]))
        let queue = try #require(families["flux_daemon_queue_duration_seconds"])
        #expect(queue.samples(named: "flux_daemon_queue_duration_seconds_count").first?.value == 1)
        #expect(queue.samples.allSatisfy { $0.labels.keys.allSatisfy { $0 == "le" } })
        #expect(families["flux_daemon_queue_length_count"]?.samples.first?.value == 3)
        #expect(families["flux_daemon_queue_length_count"]?.type == "gauge")
        #expect(families["flux_git_ready"]?.samples.first?.value == 1)
        #expect(families["flux_git_ready"]?.help == "Status of the git repository.")

        let request = try #require(families["flux_request_duration_seconds"])
        let labels = try #require(request.samples(named: "flux_request_duration_seconds_count").first?.labels)
        #expect(labels == ["method": "GET", "route": "Version", "status_code": "200", "ws": "false"])
        #expect(
            request.samples(named: "flux_request_duration_seconds_bucket", where: ["route": "Version"]).compactMap { $0.labels["le"] }
                == Self.goBounds([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]))

        let health = try #require(families["swiftflux_health_objects"])
        #expect(health.samples(named: "swiftflux_health_objects", where: ["status": "Failed"]).first?.value == 1)
        #expect(health.samples(named: "swiftflux_health_objects", where: ["status": "Current"]).first?.value == 0)
    }

    @Test func routeNamesFollowTheAPIRoutes() {
        #expect(RouteNames.name(method: "GET", path: "/api/flux/v1/version") == "Version")
        #expect(RouteNames.name(method: "GET", path: "/api/flux/v1/jobs/sync-1") == "Job")
        #expect(RouteNames.name(method: "POST", path: "/api/flux/v1/sync") == "Sync")
        #expect(RouteNames.name(method: "GET", path: "/metrics") == "Metrics")
        #expect(RouteNames.name(method: "GET", path: "/nope") == "NotFound")
    }
}

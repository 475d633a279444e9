import Metrics

/// The scan service's metrics (swift-metrics; exported by fluxd's `/metrics`).
enum ScanMetrics {
    static func record(_ report: ImageScanReport) {
        Counter(label: "flux_image_scan_passes_total", dimensions: [("result", "ok")]).increment()
        let (seconds, attoseconds) = report.duration.components
        Metrics.Timer(label: "flux_image_scan_duration_seconds")
            .recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        Gauge(label: "flux_image_scan_repositories").record(report.repositories.count)
        Counter(label: "flux_image_scan_repository_scans_total").increment(by: report.scannedRepositories.count)
        Counter(label: "flux_image_scan_repository_errors_total").increment(by: report.errors.count)
        Counter(label: "flux_image_scan_new_tags_total").increment(by: report.newTags.values.reduce(0) { $0 + $1.count })
    }

    static func recordListFailure() {
        Counter(label: "flux_image_scan_passes_total", dimensions: [("result", "list_failed")]).increment()
    }
}

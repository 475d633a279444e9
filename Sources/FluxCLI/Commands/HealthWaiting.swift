import FluxAPI
import Foundation

/// `fluxctl sync --wait-healthy`: waits until fluxd has assessed the objects of `revision`
/// and every one of them is settled (Current, Failed, NotFound), or `timeout` passes; then
/// names each object that is not healthy and why.
enum HealthWaiting {
    struct Unhealthy: Error, CustomStringConvertible {
        var revision: String
        var objects: [ObjectHealthStatus]
        var timedOut: Bool

        var description: String {
            var lines = [
                "\(objects.count) object\(objects.count == 1 ? "" : "s") of revision \(revision.prefix(7)) "
                    + (timedOut ? "not healthy within --timeout:" : "unhealthy:")
            ]
            for object in objects {
                var line = "  \(object.displayName): \(object.health.status)"
                if let reason = object.health.reason { line += " (\(reason))" }
                line += ": \(object.health.message)"
                if !object.details.isEmpty { line += "; " + object.details.joined(separator: "; ") }
                lines.append(line)
            }
            return lines.joined(separator: "\n")
        }
    }

    static func wait(
        _ api: FluxAPIClient, revision: String, timeout: Duration, interval: Duration = .seconds(1)
    ) async throws -> HealthReport {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var lastProgress = ""
        while true {
            let report = try await api.health()
            let current = report.revision == revision
            if current && report.settled {
                let unhealthy = report.unhealthy
                guard unhealthy.isEmpty else { throw Unhealthy(revision: revision, objects: unhealthy, timedOut: false) }
                return report
            }
            if clock.now >= deadline {
                guard current else {
                    throw CLIError("fluxd did not assess the objects of revision \(revision.prefix(7)) within --timeout")
                }
                throw Unhealthy(revision: revision, objects: report.unhealthy, timedOut: true)
            }
            let waiting = current ? report.unhealthy : []
            let progress =
                waiting.isEmpty
                ? "waiting for fluxd to assess revision \(revision.prefix(7))"
                : "waiting for \(waiting.count) object\(waiting.count == 1 ? "" : "s"): "
                    + waiting.prefix(3).map { "\($0.displayName) \($0.health.status)" }.joined(separator: ", ")
            if progress != lastProgress {
                Output.progress(progress + "...")
                lastProgress = progress
            }
            try await Task.sleep(for: min(interval, max(deadline - clock.now, .milliseconds(10))))
        }
    }
}

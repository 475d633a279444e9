import ArgumentParser
import FluxAPI

/// `--no-wait` for commands that start a job.
struct WaitOptions: ParsableArguments {
    @Flag(name: .customLong("no-wait"), help: "Print the job ID and return without waiting for the job")
    var noWait = false
}

extension FluxAPIClient {
    /// Waits for a job with a progress line on stderr per step; throws the job's error when it failed.
    func finish(_ job: JobReference, timeout: Duration) async throws -> JobStatus {
        let status = try await waitForJob(job.id, timeout: timeout) { status in
            switch status.state {
            case .queued: Output.progress("queued behind other jobs...")
            case .running: Output.progress("\(status.progress ?? "working")...")
            case .succeeded, .failed: break
            }
        }
        if status.state == .failed { throw JobFailed(status: status) }
        return status
    }
}

/// A job that ended in failure: its reason, and what it did before.
struct JobFailed: Error, CustomStringConvertible {
    var status: JobStatus
    var description: String { "\(status.kind) failed: \(status.error ?? "unknown error")" }
}

import KubernetesClient
import Logging

/// Start-up steps that talk to the API server (namespace check, deploy key, known hosts, HTTPS
/// credentials) retried while the API server answers as a server in trouble does (429, 5xx, a
/// broken connection), so a brief outage at start-up does not end fluxd: the fault-injection
/// suite found that one 503 during the deploy-key write made it exit. Anything else (forbidden,
/// a missing namespace, a bad flag) still stops fluxd at once, with its reason.
struct StartupRetry: Sendable {
    /// Attempts before giving up (`--once` gives up sooner than the daemon).
    var maxAttempts: Int
    var initialDelay: Duration = .seconds(1)
    var maxDelay: Duration = .seconds(30)

    func run<T: Sendable>(_ step: String, logger: Logger, _ body: () async throws -> T) async throws -> T {
        var delay = initialDelay
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch {
                guard attempt < maxAttempts, Self.isTransient(error) else { throw error }
                logger.warning(
                    "start-up step failed; retrying",
                    metadata: ["step": "\(step)", "attempt": "\(attempt)", "retryIn": "\(delay)", "error": "\(error)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, maxDelay)
                attempt += 1
            }
        }
    }

    /// A failure the API server may not repeat: throttling, a server error, a broken connection.
    static func isTransient(_ error: any Error) -> Bool {
        if let kubernetes = error as? KubernetesError {
            if kubernetes.code == .transport { return true }
            if let status = kubernetes.httpStatus { return status == 429 || (500...599).contains(status) }
            return false
        }
        if let daemon = error as? DaemonError, let underlying = daemon.underlying { return isTransient(underlying) }
        return false
    }
}

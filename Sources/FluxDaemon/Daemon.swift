import Logging

/// Builds fluxd's services from its configuration and runs them until SIGTERM
/// (or, with `--once`, until one sync has finished).
public struct Daemon: Sendable {
    public let configuration: DaemonConfiguration
    public let logger: Logger

    public init(configuration: DaemonConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Returns the process exit code.
    public func run() async throws -> Int32 {
        logger.error("fluxd services are not wired yet")
        return 1
    }
}

import ArgumentParser
import Logging

/// `fluxd`: the SwiftFlux daemon.
public struct FluxdCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fluxd",
        abstract: "SwiftFlux daemon: makes a Kubernetes cluster match a git repository.",
        discussion: """
            With --embedded-cluster HOST:PORT and no --git-url, fluxd serves only the in-memory \
            Kubernetes API (with --write-kubeconfig for kubectl).
            """)

    @OptionGroup public var options: DaemonOptions

    public init() {}

    public func run() async throws {
        let configuration = try DaemonConfiguration(options: options)
        // A token in --git-url must not stay readable in `ps` (docs/security.md).
        let hiddenBytes = ProcessArguments.hide(configuration.git.url?.secrets ?? [])
        let format = configuration.logFormat
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, format: format) }
        let logger = Logger(label: "fluxd")
        if hiddenBytes > 0 {
            logger.warning(
                "--git-url carries credentials; they were erased from fluxd's process arguments, but pass them with --git-https-secret, --git-https-credentials-file or GIT_AUTHUSER/GIT_AUTHKEY instead"
            )
        }
        for adjustment in configuration.adjustments {
            logger.info("adjusted flags", metadata: ["reason": "\(adjustment)"])
        }
        let code = try await Daemon(configuration: configuration, logger: logger).run()
        if code != 0 { throw ExitCode(code) }
    }
}

/// Entry point used by the thin `fluxd` executable.
public enum FluxDaemonMain {
    public static func main() async {
        await FluxdCommand.main()
    }
}

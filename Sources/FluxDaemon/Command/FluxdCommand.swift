import ArgumentParser
import FluxAPI
import Logging

/// `fluxd`: the SwiftFlux daemon.
public struct FluxdCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fluxd",
        abstract: "SwiftFlux daemon: makes a Kubernetes cluster match a git repository.",
        discussion: """
            Flags follow Flux v1's fluxd (--flag, --flag=true|false; list flags repeat or take \
            comma-separated values); Flux v1 flags with no meaning here are accepted and logged \
            as ignored. With --embedded-cluster HOST:PORT and no --git-url, fluxd serves only the \
            in-memory Kubernetes API (with --write-kubeconfig for kubectl).
            """,
        version: SwiftFluxVersion.current)

    @OptionGroup public var options: DaemonOptions

    public init() {}

    public func run() async throws {
        let configuration = try DaemonConfiguration(options: options)
        // A token in --git-url must not stay readable in `ps` (docs/security.md).
        let hiddenBytes = ProcessArguments.hide(configuration.git.url?.secrets ?? [])
        Self.bootstrapLogging(configuration.logging)
        let logger = Logger(label: "fluxd")
        logger.info("starting fluxd", metadata: ["version": "\(SwiftFluxVersion.current)"])
        if hiddenBytes > 0 {
            logger.warning(
                "--git-url carries credentials; they were erased from fluxd's process arguments, but pass them with --git-https-secret, --git-https-credentials-file or GIT_AUTHUSER/GIT_AUTHKEY instead"
            )
        }
        for adjustment in configuration.adjustments {
            logger.info("adjusted flags", metadata: ["reason": "\(adjustment)"])
        }
        for notice in configuration.compatibilityNotices {
            logger.info("Flux v1 flag", metadata: ["flag": "\(notice.flag)", "reason": "\(notice.reason)"])
        }
        let code = try await Daemon(configuration: configuration, logger: logger).run()
        if code != 0 { throw ExitCode(code) }
    }

    /// `--log-format`, `--log-level`, and debug level for the components `--k8s-verbosity`
    /// (`kubernetes`) and `--registry-trace` (`registry`) turn on.
    static func bootstrapLogging(_ settings: DaemonConfiguration.LogSettings) {
        let format: LineLogHandler.Format = settings.format == .json ? .json : .logfmt
        LoggingSystem.bootstrap { label in
            var handler = LineLogHandler(label: label, format: format)
            handler.logLevel = settings.debugComponents.contains(label) ? min(settings.level, .debug) : settings.level
            return handler
        }
    }
}

/// Entry point used by the thin `fluxd` executable: Flux v1's argument syntax
/// (`--flag=false`, `-l=:3030`) is rewritten first (`FluxdArgumentSyntax`).
public enum FluxDaemonMain {
    public static func main() async {
        let arguments: [String]
        do {
            arguments = try FluxdArgumentSyntax.normalize(Array(CommandLine.arguments.dropFirst()))
        } catch {
            FluxdCommand.exit(withError: error)
        }
        await FluxdCommand.main(arguments)
    }
}

import ArgumentParser
import FluxAPI

/// `fluxctl`: the command-line client of fluxd.
public struct FluxctlCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fluxctl",
        abstract: "SwiftFlux command-line client: talk to fluxd.",
        discussion: """
            As in Flux v1, the connection flags (--url/-u, --token/-t, --k8s-fwd-ns, --k8s-fwd-labels, \
            --context, --kubeconfig, --timeout) go before or after the command, and FLUX_URL, FLUX_TOKEN \
            (or FLUX_SERVICE_TOKEN), FLUX_FORWARD_NAMESPACE, FLUX_FORWARD_LABELS and FLUX_TIMEOUT set them.
            """,
        subcommands: [
            SyncCommand.self, IdentityCommand.self, ListWorkloadsCommand.self, ListImagesCommand.self,
            AutomateCommand.self, DeautomateCommand.self, LockCommand.self, UnlockCommand.self, PolicyCommand.self,
            ReleaseCommand.self, SaveCommand.self, InstallCommand.self, VersionCommand.self, CompletionCommand.self,
            BuildCommand.self, DiffCommand.self,
        ])

    public init() {}
}

/// Entry point used by the thin `fluxctl` executable; global flags given before the command
/// are moved after it first (`FluxctlArguments`).
public enum FluxCtlMain {
    public static func main() async {
        await FluxctlCommand.main(FluxctlArguments.normalize(Array(CommandLine.arguments.dropFirst())))
    }
}

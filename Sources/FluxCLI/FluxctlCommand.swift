import ArgumentParser
import FluxAPI

/// `fluxctl`: the command-line client of fluxd.
public struct FluxctlCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fluxctl",
        abstract: "SwiftFlux command-line client: talk to fluxd.",
        subcommands: [
            SyncCommand.self, IdentityCommand.self, ListWorkloadsCommand.self, ListImagesCommand.self,
            AutomateCommand.self, DeautomateCommand.self, LockCommand.self, UnlockCommand.self, PolicyCommand.self,
            ReleaseCommand.self, SaveCommand.self, InstallCommand.self, VersionCommand.self, CompletionCommand.self,
            BuildCommand.self, DiffCommand.self,
        ])

    public init() {}
}

/// Entry point used by the thin `fluxctl` executable.
public enum FluxCtlMain {
    public static func main() async {
        await FluxctlCommand.main()
    }
}

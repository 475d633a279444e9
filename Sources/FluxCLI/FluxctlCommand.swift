import ArgumentParser

/// SwiftFlux's version, reported by `fluxctl version` and fluxd's API.
public enum SwiftFluxVersion {
    public static let current = "0.1.0-dev"
}

/// `fluxctl`: the command-line client of fluxd.
public struct FluxctlCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fluxctl",
        abstract: "SwiftFlux command-line client: talk to fluxd.",
        subcommands: [VersionCommand.self, CompletionCommand.self, InstallCommand.self])

    public init() {}
}

/// Entry point used by the thin `fluxctl` executable.
public enum FluxCtlMain {
    public static func main() async {
        await FluxctlCommand.main()
    }
}

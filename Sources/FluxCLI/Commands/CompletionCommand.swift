import ArgumentParser

struct CompletionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion", abstract: "Print a shell completion script (bash, zsh or fish).")

    @Argument(help: "bash, zsh or fish") var shell: String

    /// fluxctl's global flags are accepted here too, as in Flux v1, and not used.
    @OptionGroup(visibility: .private) var connection: ConnectionOptions

    func run() throws {
        guard let kind = CompletionShell(rawValue: shell) else {
            throw ValidationError("unsupported shell \"\(shell)\": use bash, zsh or fish")
        }
        print(FluxctlCommand.completionScript(for: kind))
    }
}

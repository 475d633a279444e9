import ArgumentParser
import FluxAPI

/// `fluxctl version`: the client's version, and fluxd's when it can be reached.
struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print the client and server versions")

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .customLong("client"), help: "Print only the client version")
    var clientOnly = false

    func run() async throws {
        Output.write("client: \(SwiftFluxVersion.current)\n")
        guard !clientOnly else { return }
        do {
            let server = try await FluxConnection.with(connection) { api, _ in try await api.version() }
            Output.write("server: \(server.version)\n")
        } catch {
            throw CLIError("server: \(error)")
        }
    }
}

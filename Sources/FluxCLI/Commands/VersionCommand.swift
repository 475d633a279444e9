import ArgumentParser

struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the client version.")

    func run() async throws {
        print("client: \(SwiftFluxVersion.current)")
    }
}

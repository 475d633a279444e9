import CommandRunner
import KubernetesModel

/// Decrypts files encrypted with sops by running the `sops` binary, the way `sops --decrypt`
/// does it: every key source sops knows (age from `SOPS_AGE_KEY_FILE`, `SOPS_AGE_KEY` or the
/// default keys file; PGP from the GnuPG keyring, which is fluxd's own home when it imported
/// keys; cloud KMS from the environment), the MAC checked. The ciphertext goes in on stdin
/// and the plaintext comes back on stdout: it is held in memory only, never written to disk,
/// never in arguments, never logged.
///
/// Why the binary and not a Swift re-implementation: sops's formats, MAC rules and key
/// sources are many and keep growing; running sops itself decrypts exactly what sops
/// encrypted, including the KMS keys Flux v1 users relied on.
public struct SOPSDecryptor: Sendable {
    /// The `sops` executable (a name looked up in `PATH`, or a path).
    public var program: String
    /// Added to sops's environment, e.g. `GNUPGHOME` of fluxd's GnuPG home.
    public var environment: [String: String?]
    /// How long one file may take (a KMS call can be slow).
    public var timeout: Duration

    public init(program: String = "sops", environment: [String: String?] = [:], timeout: Duration = .seconds(60)) {
        self.program = program
        self.environment = environment
        self.timeout = timeout
    }

    /// The plaintext of `ciphertext` (a file sops encrypted in `format`); errors name `file`.
    public func decrypt(_ ciphertext: [UInt8], format: SOPSFormat, file: String) async throws(SOPSError) -> [UInt8] {
        let result: CommandBytesResult
        do {
            result = try await Command.runCollectingBytes(
                program,
                arguments: ["--decrypt", "--input-type", format.rawValue, "--output-type", format.rawValue, "/dev/stdin"],
                environment: environment, input: ciphertext, timeout: timeout)
        } catch {
            throw SOPSError(file: file, message: "cannot run sops: \(error)")
        }
        guard result.succeeded else {
            throw SOPSError(file: file, message: Self.explain(result.standardError))
        }
        return result.standardOutput
    }

    /// sops's error, on one line, without its trailing blank lines.
    static func explain(_ standardError: String) -> String {
        let lines = standardError.split(separator: "\n").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        return lines.isEmpty ? "sops failed" : lines.joined(separator: " ")
    }
}

import CommandRunner
import Foundation
import KubernetesModel

/// An SSH key pair fluxd uses to reach the git host: generated once, stored by the caller (the
/// daemon keeps `privateKey` in the Secret `flux-git-deploy`, data key `identity`), shown to
/// the user as `publicKey` to add as a deploy key. `description` never includes the private key.
public struct DeployKey: Sendable, CustomStringConvertible {
    public enum KeyType: Sendable, Hashable {
        case ed25519
        case ecdsa(bits: Int)
        case rsa(bits: Int)

        /// `--ssh-keygen-type`: `ed25519` (default), `ecdsa` (256 bits) or `rsa` (4096 bits).
        public init?(flag: String) {
            switch flag.lowercased() {
            case "ed25519": self = .ed25519
            case "ecdsa": self = .ecdsa(bits: 256)
            case "rsa": self = .rsa(bits: 4096)
            default: return nil
            }
        }

        /// `ssh-keygen` arguments choosing this type.
        var keygenArguments: [String] {
            switch self {
            case .ed25519: return ["-t", "ed25519"]
            case .ecdsa(let bits): return ["-t", "ecdsa", "-b", "\(bits)"]
            case .rsa(let bits): return ["-t", "rsa", "-b", "\(bits)"]
            }
        }
    }

    /// OpenSSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----`).
    public let privateKey: String
    /// The `authorized_keys` line: `ssh-ed25519 AAAA... comment`.
    public let publicKey: String
    /// `SHA256:...`, as `ssh-keygen -l` prints it.
    public let fingerprint: String
    /// The randomart box `ssh-keygen -lv` draws.
    public let randomArt: String

    public var description: String { "DeployKey(\(fingerprint))" }

    /// Generates a new key pair with `ssh-keygen`, without a passphrase.
    public static func generate(
        type: KeyType = .ed25519, comment: String = "fluxd", timeout: Duration = .seconds(60)
    ) async throws(GitError) -> DeployKey {
        try await generate(Generation(type: type), comment: comment, timeout: timeout)
    }

    /// Generates a new key pair as `generation` says (type, size, format, and the directory
    /// `ssh-keygen` writes it in), without a passphrase.
    public static func generate(
        _ generation: Generation, comment: String = "fluxd", timeout: Duration = .seconds(60)
    ) async throws(GitError) -> DeployKey {
        try await withScratchDirectory(in: generation.usableDirectory) { (directory: String) async throws(GitError) -> DeployKey in
            let keyPath = "\(directory)/identity"
            var arguments = ["-q", "-N", "", "-C", comment, "-f", keyPath] + generation.type.keygenArguments
            if let format = generation.format { arguments += ["-m", format.rawValue] }
            _ = try await keygen("ssh-keygen", arguments, timeout: timeout)
            let privateKey = try read(keyPath)
            return try await describe(privateKey: privateKey, keyPath: keyPath, timeout: timeout)
        }
    }

    /// Loads a stored private key, deriving the public key, fingerprint and randomart.
    public static func load(privateKey: String, timeout: Duration = .seconds(30)) async throws(GitError) -> DeployKey {
        try await withScratchDirectory { (directory: String) async throws(GitError) -> DeployKey in
            let keyPath = "\(directory)/identity"
            var text = privateKey
            if !text.hasSuffix("\n") { text += "\n" }
            guard
                FileManager.default.createFile(
                    atPath: keyPath, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            else {
                throw GitError(code: .localFileSystem, operation: "ssh-keygen", url: "", message: "cannot write key file")
            }
            return try await describe(privateKey: text, keyPath: keyPath, timeout: timeout)
        }
    }

    static func describe(privateKey: String, keyPath: String, timeout: Duration) async throws(GitError) -> DeployKey {
        let publicResult = try await keygen("ssh-keygen", ["-y", "-f", keyPath], timeout: timeout, invalidKey: true)
        var publicKey = publicResult.standardOutput.trimmingWhitespace()
        // `-y` drops the comment; keep the one from the .pub file when there is one.
        if FileManager.default.fileExists(atPath: "\(keyPath).pub") {
            let stored = try read("\(keyPath).pub").trimmingWhitespace()
            if stored.hasPrefix(publicKey) { publicKey = stored }
        }
        let publicPath = "\(keyPath).pub"
        guard FileManager.default.createFile(atPath: publicPath, contents: Data((publicKey + "\n").utf8)) else {
            throw GitError(code: .localFileSystem, operation: "ssh-keygen", url: "", message: "cannot write public key file")
        }
        let fingerprintLine = try await keygen("ssh-keygen", ["-l", "-E", "sha256", "-f", publicPath], timeout: timeout)
            .standardOutput.trimmingWhitespace()
        let fingerprint = fingerprintLine.split(separator: " ").first { $0.hasPrefix("SHA256:") }.map(String.init) ?? fingerprintLine
        let artOutput = try await keygen("ssh-keygen", ["-lv", "-E", "sha256", "-f", publicPath], timeout: timeout)
            .standardOutput
        let art = artOutput.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("+") }
            .joined(separator: "\n").trimmingWhitespace()
        return DeployKey(privateKey: privateKey, publicKey: publicKey, fingerprint: fingerprint, randomArt: art)
    }

    static func keygen(
        _ operation: String, _ arguments: [String], timeout: Duration, invalidKey: Bool = false
    ) async throws(GitError) -> CommandResult {
        let result: CommandResult
        do {
            result = try await Command.run(
                "ssh-keygen", arguments: arguments, environment: ["SSH_ASKPASS": nil, "DISPLAY": nil], timeout: timeout)
        } catch {
            throw GitError(code: .toolUnavailable, operation: operation, url: "", message: "cannot run ssh-keygen: \(error)")
        }
        guard result.succeeded else {
            throw GitError(
                code: invalidKey ? .invalidArgument : .commandFailed, operation: operation, url: "",
                exitCode: result.exitCode, standardError: result.standardError,
                message: invalidKey ? "not a usable OpenSSH private key (without passphrase)" : "ssh-keygen failed")
        }
        return result
    }

    static func read(_ path: String) throws(GitError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw GitError(code: .localFileSystem, operation: "ssh-keygen", url: "", message: "cannot read \(path): \(error)")
        }
    }

    static func withScratchDirectory<T>(
        in parent: String? = nil, _ body: (String) async throws(GitError) -> T
    ) async throws(GitError) -> T {
        let base = parent ?? ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        let directory = "\(base)/swiftflux-keygen-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw GitError(code: .localFileSystem, operation: "ssh-keygen", url: "", message: "cannot create \(directory): \(error)")
        }
        // try?: scratch cleanup on the way out; the directory is mode 0700, and failing to remove it
        // is no reason to fail the key operation that already succeeded.
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await body(directory)
    }
}

import CommandRunner
import Foundation

/// A throwaway GPG key in a GnuPG home of its own, for tests of signing, verification, SOPS
/// with PGP and git-secret. Keys have no passphrase and are never checked in.
public struct GPGFixture: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The GnuPG home holding the key (public and secret).
    public let home: String
    public let fingerprint: String
    public let email: String

    public var environment: [String: String?] { ["GNUPGHOME": home] }

    /// Generates an ed25519 signing key (with an encryption subkey) in a new home under `directory`.
    public static func create(in directory: TemporaryDirectory, name: String = "Signer", email: String = "signer@example.com")
        async throws -> GPGFixture
    {
        // Short path: gpg-agent's socket must fit in a Unix socket address.
        let home = "\(directory.path)/g\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let env: [String: String?] = ["GNUPGHOME": home]
        try await run(["--batch", "--passphrase", "", "--quick-gen-key", "\(name) <\(email)>", "default", "default", "never"], env)
        let listing = try await run(["--batch", "--with-colons", "--list-secret-keys"], env)
        guard let line = listing.split(separator: "\n").first(where: { $0.hasPrefix("fpr:") }),
            let fingerprint = line.split(separator: ":", omittingEmptySubsequences: false).dropFirst(9).first
        else { throw Failure(description: "no key generated in \(home)") }
        return GPGFixture(home: home, fingerprint: String(fingerprint), email: email)
    }

    /// Writes the armored public key (`secret`: the secret key too) to `path`.
    public func export(to path: String, secret: Bool = false) async throws {
        let text = try await Self.run(["--batch", "--armor", secret ? "--export-secret-keys" : "--export", fingerprint], environment)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Commits everything in the fixture's working clone, signed with this key.
    @discardableResult
    public func commitSigned(_ repository: GitFixture, _ message: String) async throws -> String {
        try await git(["add", "--all"], in: repository.workPath)
        try await git(
            ["-c", "user.signingkey=\(fingerprint)", "commit", "--quiet", "--allow-empty", "-S", "-m", message], in: repository.workPath)
        return try await repository.head()
    }

    /// Re-signs the working clone's last commit with this key (`git commit --amend -S`).
    @discardableResult
    public func amendSigned(_ repository: GitFixture) async throws -> String {
        try await git(
            ["-c", "user.signingkey=\(fingerprint)", "commit", "--quiet", "--amend", "--no-edit", "-S"], in: repository.workPath)
        return try await repository.head()
    }

    /// Stops the home's gpg-agent.
    public func shutdown() async {
        // Deliberately ignored: an agent that never started has nothing to stop.
        _ = try? await Command.run("gpgconf", arguments: ["--kill", "all"], environment: environment, timeout: .seconds(10))
    }

    func git(_ arguments: [String], in directory: String) async throws {
        var env = environment
        for (key, value) in [
            "GIT_AUTHOR_NAME": "Test User", "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test User",
            "GIT_COMMITTER_EMAIL": "test@example.com", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
        ] { env[key] = value }
        let result = try await Command.run(
            "git", arguments: arguments, environment: env, workingDirectory: directory, timeout: .seconds(60))
        guard result.succeeded else {
            throw Failure(description: "git \(arguments.joined(separator: " ")) failed: \(result.standardError)")
        }
    }

    @discardableResult
    static func run(_ arguments: [String], _ environment: [String: String?]) async throws -> String {
        let result = try await Command.run("gpg", arguments: arguments, environment: environment, timeout: .seconds(120))
        guard result.succeeded else { throw Failure(description: "gpg \(arguments.first ?? "") failed: \(result.standardError)") }
        return result.standardOutput
    }
}

/// A throwaway age key pair (`age-keygen`), for SOPS tests.
public struct AgeKey: Sendable {
    /// The identity file (`SOPS_AGE_KEY_FILE`).
    public let identityFile: String
    /// The public recipient (`age1…`).
    public let recipient: String

    public static func generate(in directory: TemporaryDirectory, name: String = "age-key.txt") async throws -> AgeKey {
        let path = "\(directory.path)/\(name)"
        let result = try await Command.run("age-keygen", arguments: ["-o", path], timeout: .seconds(30))
        guard result.succeeded,
            let line = (result.standardError + result.standardOutput).split(separator: "\n")
                .first(where: { $0.contains("Public key: ") })
        else {
            throw GPGFixture.Failure(description: "age-keygen failed: \(result.standardError)")
        }
        return AgeKey(identityFile: path, recipient: String(line.split(separator: " ").last ?? ""))
    }
}

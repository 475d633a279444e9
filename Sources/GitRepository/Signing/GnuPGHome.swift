import CommandRunner
import Foundation
import KubernetesModel

/// fluxd's own GnuPG home: a private directory (0700) holding only the keys imported with
/// `--git-gpg-key-import`, so signatures are checked against those keys and nothing else
/// (not a keyring that happens to be in the image or the user's home), and commits are
/// signed with a key from it. git, gpg, sops and git-secret find it through `GNUPGHOME`.
public final class GnuPGHome: Sendable {
    /// One file `import` read, and what gpg said when it could not.
    public struct Imported: Sendable, Hashable {
        public var file: String
        public var error: String?
    }

    public let path: String
    /// `GNUPGHOME` for the programs that use this home.
    public var environment: [String: String?] { ["GNUPGHOME": path] }

    /// Creates an empty home under `parent` (else the temporary directory).
    public init(parent: String? = nil) throws(GitError) {
        let base = parent ?? ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        // Short: gpg-agent's socket path must fit in a Unix socket address.
        let path = "\(base)/fluxd-gnupg-\(UUID().uuidString.prefix(8))"
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw GitError(code: .localFileSystem, operation: "gpg", url: "", message: "cannot create GnuPG home \(path): \(error)")
        }
        self.path = path
    }

    /// Stops the gpg-agent this home started and removes the directory.
    public func shutdown() async {
        // Deliberately ignored: an agent that never started has nothing to stop.
        _ = try? await Command.run("gpgconf", arguments: ["--kill", "all"], environment: environment, timeout: .seconds(10))
        // try?: shutdown cannot fail; a home that cannot be removed stays in the temp directory.
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Imports every key file at each path, as Flux v1 did: a file, or the regular files of a
    /// directory (not its sub-directories; symbolic links followed, so a mounted Secret works).
    /// With `trust`, every key in the home gets ultimate owner trust, so signatures by them
    /// verify as good (`%G?` = `G`). A file gpg cannot import is reported, not fatal.
    public func importKeys(from paths: [String], trust: Bool) async throws(GitError) -> [Imported] {
        var results: [Imported] = []
        for path in paths {
            for file in try Self.keyFiles(at: path) {
                let result = try await gpg(["--batch", "--yes", "--import", file])
                results.append(Imported(file: file, error: result.succeeded ? nil : result.standardError.trimmingWhitespace()))
            }
        }
        if trust { try await trustAllKeys() }
        return results
    }

    /// Fingerprints of the keys in the home (`--list-keys`, primary keys).
    public func fingerprints() async throws(GitError) -> [String] {
        let result = try await gpg(["--batch", "--with-colons", "--list-keys"])
        var fingerprints: [String] = []
        var afterPrimary = false
        for line in result.standardOutput.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.first == "pub" {
                afterPrimary = true
                continue
            }
            if fields.first == "fpr", afterPrimary, fields.count > 9 {
                fingerprints.append(String(fields[9]))
                afterPrimary = false
            }
        }
        return fingerprints
    }

    /// Whether the home holds the secret key `key` (an ID, fingerprint or user ID), so it can sign.
    public func hasSecretKey(_ key: String) async throws(GitError) -> Bool {
        try await gpg(["--batch", "--list-secret-keys", "--", key]).succeeded
    }

    /// Gives every key in the home ultimate owner trust (what Flux v1 did when verifying).
    public func trustAllKeys() async throws(GitError) {
        let owners = try await fingerprints().map { "\($0):6:\n" }.joined()
        guard !owners.isEmpty else { return }
        let result = try await gpg(["--batch", "--import-ownertrust"], input: owners)
        guard result.succeeded else {
            throw GitError(
                code: .commandFailed, operation: "gpg", url: "", exitCode: result.exitCode,
                standardError: result.standardError, message: "cannot trust the imported keys")
        }
    }

    /// Runs gpg in this home.
    func gpg(_ arguments: [String], input: String? = nil) async throws(GitError) -> CommandResult {
        do {
            return try await Command.run(
                "gpg", arguments: arguments, environment: environment, input: input, timeout: .seconds(60))
        } catch {
            throw GitError(code: .toolUnavailable, operation: "gpg", url: "", message: "cannot run gpg: \(error)")
        }
    }

    /// The files to import at `path`.
    static func keyFiles(at path: String) throws(GitError) -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw GitError(code: .localFileSystem, operation: "gpg", url: "", message: "--git-gpg-key-import: \(path) does not exist")
        }
        guard isDirectory.boolValue else { return [path] }
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw GitError(code: .localFileSystem, operation: "gpg", url: "", message: "cannot read \(path): \(error)")
        }
        return names.map { "\(path)/\($0)" }.filter { file in
            var isDirectory: ObjCBool = false
            // fileExists follows symbolic links, as Kubernetes' ..data links need.
            return manager.fileExists(atPath: file, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }
}

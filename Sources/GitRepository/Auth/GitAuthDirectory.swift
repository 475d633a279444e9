import Foundation

/// A private directory (mode 0700) holding what git needs to authenticate: the deploy key
/// (0600), known_hosts and the askpass helper. It lives as long as its `GitRepository` and is
/// removed when that goes away, so keys do not linger on disk.
final class GitAuthDirectory: Sendable {
    let path: String
    /// Environment added to every git invocation: ssh command, askpass, no prompts, C locale.
    let environment: [String: String?]

    init(remote: GitRemoteURL, credentials: GitCredentials) throws(GitError) {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(base)/swiftflux-git-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard created else {
            throw GitError(
                code: .localFileSystem, operation: "prepare", url: remote.description,
                message: "cannot create a private temporary directory under \(base)")
        }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.path = path

        var environment: [String: String?] = [
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
            "LANGUAGE": nil,
            // Never let a desktop or system askpass prompt pop up.
            "SSH_ASKPASS": nil,
            "GIT_ASKPASS": nil,
        ]
        do {
            if let ssh = credentials.ssh {
                let keyPath = "\(path)/identity"
                let knownHostsPath = "\(path)/known_hosts"
                var key = ssh.privateKey
                if !key.hasSuffix("\n") { key += "\n" }
                try Self.write(key, to: keyPath, mode: 0o600)
                var hosts = ssh.knownHosts
                if !hosts.isEmpty, !hosts.hasSuffix("\n") { hosts += "\n" }
                try Self.write(hosts, to: knownHostsPath, mode: 0o600)
                let strict = ssh.acceptNewHostKeys ? "accept-new" : "yes"
                environment["GIT_SSH_COMMAND"] =
                    "ssh -i \(Self.shellQuoted(keyPath)) -o IdentitiesOnly=yes -o IdentityAgent=none"
                    + " -o UserKnownHostsFile=\(Self.shellQuoted(knownHostsPath)) -o GlobalKnownHostsFile=/dev/null"
                    + " -o StrictHostKeyChecking=\(strict) -o BatchMode=yes -o ConnectTimeout=15"
            } else if remote.transport == .ssh {
                environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o StrictHostKeyChecking=yes"
            }
            let username = credentials.https?.username ?? remote.embeddedUsername
            let password = credentials.https?.password ?? remote.embeddedPassword
            if username != nil || password != nil {
                let askpass = "\(path)/askpass"
                try Self.write(Self.askpassScript, to: askpass, mode: 0o700)
                environment["GIT_ASKPASS"] = askpass
                environment["SWIFTFLUX_GIT_USERNAME"] = username ?? ""
                environment["SWIFTFLUX_GIT_PASSWORD"] = password ?? ""
            }
        } catch {
            // try?: cleanup on the failure path; the write error is the one reported.
            try? FileManager.default.removeItem(atPath: path)
            throw GitError(
                code: .localFileSystem, operation: "prepare", url: remote.description,
                message: "cannot write credentials to \(path): \(error)")
        }
        self.environment = environment
    }

    deinit {
        // try?: a deinit cannot report; the directory is mode 0700 in the temp directory.
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Answers git's "Username for ..." / "Password for ..." prompts from the environment.
    static let askpassScript = """
        #!/bin/sh
        case "$1" in
        Username*|username*) printf '%s\\n' "$SWIFTFLUX_GIT_USERNAME" ;;
        *) printf '%s\\n' "$SWIFTFLUX_GIT_PASSWORD" ;;
        esac

        """

    static func write(_ contents: String, to path: String, mode: Int) throws {
        let created = FileManager.default.createFile(
            atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: mode])
        guard created else { throw CocoaError(.fileWriteUnknown) }
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

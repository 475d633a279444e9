import CommandRunner
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real `sshd` on 127.0.0.1 serving git over SSH to the current user, for tests: its own
/// host key, an `authorized_keys` holding the keys the test passes (e.g. fluxd's deploy key).
/// Use `SSHGitServer.run(authorizedKeys:) { server in ... }`: the server is up (bounded wait)
/// when the body starts and is stopped when the body ends, however it ends.
public struct SSHGitServer: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let port: Int
    /// The user git connects as (the user running the tests).
    public let user: String
    /// `ssh-ed25519 AAAA...` of the server.
    public let hostPublicKey: String
    /// The directory holding the server's files (config, host key, authorized_keys).
    public let directory: String

    /// The line to put in known_hosts for this server.
    public var knownHostsLine: String { "[127.0.0.1]:\(port) \(hostPublicKey)" }

    /// `ssh://user@127.0.0.1:PORT/abs/path` for a repository on this machine.
    public func url(forRepository absolutePath: String) -> String {
        "ssh://\(user)@127.0.0.1:\(port)\(absolutePath)"
    }

    /// Starts sshd, waits (at most `startupTimeout`) until it accepts connections, runs
    /// `body`, and stops sshd. Retries on a fresh port if the chosen one was taken meanwhile.
    public static func run<T: Sendable>(
        authorizedKeys: [String], startupTimeout: Duration = .seconds(10), lifetime: Duration = .seconds(600),
        _ body: (SSHGitServer) async throws -> T
    ) async throws -> T {
        let sshd = try Tools.require("sshd")
        let directory = try TemporaryDirectory(prefix: "sshd")
        defer { directory.remove() }
        let hostKey = "\(directory.path)/host_ed25519"
        let keygen = try await Command.run(
            "ssh-keygen", arguments: ["-q", "-t", "ed25519", "-N", "", "-C", "test-sshd", "-f", hostKey],
            timeout: .seconds(30))
        guard keygen.succeeded else { throw Failure(description: "ssh-keygen for host key failed: \(keygen.standardError)") }
        let hostPublic = try String(contentsOfFile: "\(hostKey).pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        try directory.write("authorized_keys", authorizedKeys.joined(separator: "\n") + "\n")
        let user = currentUserName()
        if getuid() == 0, !FileManager.default.fileExists(atPath: "/run/sshd") {
            try FileManager.default.createDirectory(
                atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        }

        var lastFailure = ""
        for _ in 0..<3 {
            let port = try FreePort.find()
            let config = try directory.write("sshd_config", configuration(port: port, directory: directory.path, user: user))
            let server = SSHGitServer(port: port, user: user, hostPublicKey: hostPublic, directory: directory.path)
            let outcome: Outcome<T> = try await withThrowingTaskGroup(of: Event.self) { group in
                group.addTask {
                    .exited(
                        try await Command.run(sshd, arguments: ["-D", "-e", "-f", config], timeout: lifetime))
                }
                group.addTask {
                    let clock = ContinuousClock()
                    let deadline = clock.now + startupTimeout
                    while clock.now < deadline {
                        if FreePort.isListening(port) { return .ready }
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    return .startupTimedOut
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { return .failed("sshd did not start") }
                switch first {
                case .exited(let result):
                    return .failed("sshd exited with \(result.exitCode): \(result.standardError)")
                case .startupTimedOut:
                    return .failed("sshd did not accept connections within \(startupTimeout)")
                case .ready:
                    return .finished(try await body(server))
                }
            }
            switch outcome {
            case .finished(let value): return value
            case .failed(let message): lastFailure = message
            }
        }
        throw Failure(description: lastFailure)
    }

    enum Event: Sendable {
        case exited(CommandResult)
        case ready
        case startupTimedOut
    }

    enum Outcome<T: Sendable>: Sendable {
        case finished(T)
        case failed(String)
    }

    static func configuration(port: Int, directory: String, user: String) -> String {
        """
        ListenAddress 127.0.0.1:\(port)
        HostKey \(directory)/host_ed25519
        PidFile \(directory)/sshd.pid
        AuthorizedKeysFile \(directory)/authorized_keys
        StrictModes no
        UsePAM no
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        AuthenticationMethods publickey
        PermitRootLogin prohibit-password
        AllowUsers \(user)
        UseDNS no
        PrintMotd no
        MaxStartups 64
        LogLevel VERBOSE

        """
    }

    static func currentUserName() -> String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "root"
    }
}

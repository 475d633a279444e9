import CommandRunner
import Foundation

/// A real Debian `docker-registry` (distribution 2.8) on a free loopback port, with its storage
/// in a temporary directory, optionally behind htpasswd basic auth or token auth. Tests start
/// one each and must call `stop()` (the process is also killed when the object goes away).
public final class RegistryServer: Sendable {
    public enum Auth: Sendable {
        case none
        /// Basic auth with one user (`htpasswd -Bbn`).
        case htpasswd(username: String, password: String)
        /// Token auth: the registry trusts JWTs signed by the key of `certificatePEM`.
        case token(realm: String, service: String, issuer: String, certificatePEM: String)
    }

    /// The port the registry listens on (127.0.0.1).
    public let port: Int
    /// `127.0.0.1:PORT`, the registry part of image references.
    public var host: String { "127.0.0.1:\(port)" }
    public let directory: TemporaryDirectory
    private let process: BackgroundProcess

    private init(port: Int, directory: TemporaryDirectory, process: BackgroundProcess) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    /// Starts a registry and waits (at most 90 s: a loaded CI machine starts it slowly) until it accepts connections. A registry
    /// that exits at once (its port was taken meanwhile by a parallel test) is started again
    /// on a fresh port, up to three times.
    public static func start(auth: Auth = .none) async throws -> RegistryServer {
        var lastError: (any Error)?
        for _ in 0..<3 {
            do {
                return try await startOnce(auth: auth)
            } catch let error as StartError where error.exited {
                lastError = error
            }
        }
        throw lastError ?? StartError(message: "docker-registry did not start")
    }

    static func startOnce(auth: Auth) async throws -> RegistryServer {
        let executable = try Tools.require("docker-registry")
        let directory = try TemporaryDirectory(prefix: "registry")
        let port = try FreePort.find()
        var authSection = ""
        switch auth {
        case .none:
            break
        case .htpasswd(let username, let password):
            let result = try await Command.run(
                try Tools.require("htpasswd"), arguments: ["-Bbn", username, password], timeout: .seconds(30))
            guard result.succeeded else { throw StartError(message: "htpasswd failed: \(result.standardError)") }
            let file = try directory.write("htpasswd", result.standardOutput)
            authSection = "auth:\n  htpasswd:\n    realm: swiftflux-test\n    path: \(file)\n"
        case .token(let realm, let service, let issuer, let certificatePEM):
            let file = try directory.write("token-ca.pem", certificatePEM)
            authSection = """
                auth:
                  token:
                    realm: \(realm)
                    service: \(service)
                    issuer: \(issuer)
                    rootcertbundle: \(file)

                """
        }
        let config = """
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: \(directory.path)/data
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:\(port)
              secret: swiftflux-test-secret
            \(authSection)
            """
        let configPath = try directory.write("config.yml", config)
        let process = try BackgroundProcess(executable, ["serve", configPath])
        let server = RegistryServer(port: port, directory: directory, process: process)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(90))
        while clock.now < deadline {
            // Its own log line, not just an open port: a parallel test may have taken the port
            // first, and then this registry exits while the other server answers.
            if process.outputText.contains("listening on 127.0.0.1:\(port)") && FreePort.isListening(port) {
                return server
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let exited = !process.isRunning
        let output = process.outputText
        await server.stop()
        throw StartError(message: "docker-registry did not start on port \(port): \(output)", exited: exited)
    }

    /// Everything the registry logged.
    public var logText: String { process.outputText }

    /// Stops the registry and removes its storage.
    public func stop() async {
        await process.stop(grace: .seconds(5))
        directory.remove()
    }

    public struct StartError: Error, CustomStringConvertible {
        public var message: String
        /// The process ended (rather than never answering).
        public var exited = false
        public var description: String { message }
    }
}

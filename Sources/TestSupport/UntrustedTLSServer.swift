import CommandRunner
import Foundation

/// `openssl s_server` on 127.0.0.1 with a freshly made self-signed certificate that nothing
/// trusts: a client that verifies TLS (git, the registry client) must refuse it. The
/// certificate's PEM is exposed so a test can also show that trusting it changes the outcome.
public struct UntrustedTLSServer: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let port: Int
    /// The self-signed certificate (PEM file path), for tests that trust it explicitly.
    public let certificatePath: String

    public static func run<T: Sendable>(_ body: (UntrustedTLSServer) async throws -> T) async throws -> T {
        let openssl = try Tools.require("openssl")
        let directory = try TemporaryDirectory(prefix: "tls")
        defer { directory.remove() }
        let certificate = directory.path + "/cert.pem"
        let key = directory.path + "/key.pem"
        let made = try await Command.run(
            openssl,
            arguments: [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
            ], timeout: .seconds(30))
        guard made.succeeded else { throw Failure(description: "openssl req failed: \(made.standardError)") }
        let port = try FreePort.find()
        let server = try BackgroundProcess(
            openssl, ["s_server", "-quiet", "-accept", "127.0.0.1:\(port)", "-cert", certificate, "-key", key, "-www"])
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while !FreePort.isListening(port) {
            guard clock.now < deadline, server.isRunning else {
                await server.stop()
                throw Failure(description: "openssl s_server did not start: \(server.outputText)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        do {
            let result = try await body(UntrustedTLSServer(port: port, certificatePath: certificate))
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}

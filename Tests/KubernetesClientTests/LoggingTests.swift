import HTTPTypes
import Hummingbird
import InMemoryLogging
import KubernetesModel
import Logging
import Testing

@testable import KubernetesClient

@Suite struct LoggingTests {
    @Test func retriesAreLoggedAtDebugWithoutSecrets() async throws {
        let handler = InMemoryLogHandler()
        var traceLogger = Logger(label: "client", factory: { _ in handler })
        traceLogger.logLevel = .trace
        let logger = traceLogger
        try await TestAPIServer.with(
            handler: { _, number in
                if number == 1 {
                    return .status(
                        Status(message: "slow down", reason: "TooManyRequests", code: 429),
                        headers: [HTTPField.Name("Retry-After")!: "0"])
                }
                return .json(versionBody)
            },
            { url, _ in
                let configuration = testConfiguration(url, credentials: .bearerToken("top-secret-token"))
                _ = try await KubernetesClient.withClient(configuration, logger: logger) { client in
                    try await client.serverVersion()
                }
            })
        let entries = handler.entries
        let retry = entries.first { $0.message.description == "retrying after server asked to" }
        #expect(retry?.level == .debug)
        #expect(retry?.metadata["status"] == "429")
        #expect(retry?.metadata["path"] == "/version")
        // Routine operation logs nothing above info, and never a credential.
        #expect(entries.allSatisfy { $0.level <= .info })
        #expect(!entries.contains { "\($0.message) \($0.metadata)".contains("top-secret-token") })
    }
}

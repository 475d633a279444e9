import KubernetesModel
import Logging

@testable import KubernetesClient

/// Fast retries so tests of back-off finish quickly.
let fastRetry = RetryPolicy(maxRetries: 3, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(50))

func testConfiguration(
    _ url: String, credentials: Credentials = .none, tls: TLSSettings = TLSSettings(), retry: RetryPolicy = fastRetry
) -> ClusterConfiguration {
    ClusterConfiguration(server: url, tls: tls, credentials: credentials, qps: 0, retry: retry)
}

func withTestClient<T: Sendable>(
    _ configuration: ClusterConfiguration, _ body: (KubernetesClient) async throws -> T
) async throws -> T {
    var logger = Logger(label: "kubernetes-client-test")
    logger.logLevel = .critical
    return try await KubernetesClient.withClient(configuration, logger: logger, body)
}

let versionBody: JSONValue = ["major": "1", "minor": "37", "gitVersion": "v1.37.0", "platform": "linux/amd64"]

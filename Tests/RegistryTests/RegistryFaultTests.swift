import Foundation
import KubernetesModel
import Registry
import TestSupport
import Testing

/// The registry client through a TCP proxy that resets, black-holes, truncates and delays
/// (issue 16's fault suite): each fault ends in a `RegistryError` within the request timeout,
/// and the client answers correctly once the network behaves again.
@Suite(.serialized) struct RegistryFaultTests {
    @Test func tagsAndMetadataSurviveNetworkFaults() async throws {
        try await withRegistry { server in
            try await push([("1.0.0", "2024-01-01T00:00:00Z"), ("1.1.0", "2024-02-01T00:00:00Z")], to: server.host, repository: "app")
            let proxy = try await TCPFaultProxy.start(upstreamPort: server.port)
            let host = "127.0.0.1:\(proxy.port)"
            var options = options(insecure: host)
            options.requestTimeout = .seconds(2)
            options.connectTimeout = .seconds(1)
            options.maxRetries = 1
            options.maxBackoff = .milliseconds(200)
            do {
                try await RegistryClient.withClient(options: options, logger: testLogger) { client in
                    let reference = try image("\(host)/app:1.0.0")
                    for mode in [TCPFaultProxy.Mode.reset, .truncate(afterBytes: 64), .blackHole] {
                        proxy.set(mode)
                        proxy.closeAllConnections()
                        await #expect(throws: (any Error).self, "\(mode)") { try await client.tags(of: reference) }
                        await #expect(throws: (any Error).self, "\(mode)") { try await client.metadata(of: reference, tag: "1.1.0") }
                    }
                    proxy.set(.delay(.milliseconds(20)))
                    proxy.closeAllConnections()
                    let tags = try await client.tags(of: reference)
                    #expect(tags.sorted() == ["1.0.0", "1.1.0"], "\(tags)")
                    proxy.set(.pass)
                    let metadata = try await client.metadata(of: reference, tag: "1.1.0")
                    #expect(metadata.created == date("2024-02-01T00:00:00Z"))
                }
            } catch {
                await proxy.stop()
                throw error
            }
            await proxy.stop()
        }
    }
}

/// HTTPS to a registry verifies its certificate by default (issue 16): a self-signed registry
/// is refused; only hosts listed as insecure are reached, and then over plain HTTP.
@Suite struct RegistryTLSTests {
    @Test func anUntrustedCertificateIsRefused() async throws {
        try await UntrustedTLSServer.run { server in
            var options = RegistryOptions()
            options.requestTimeout = .seconds(5)
            // The HTTP client retries a failed handshake until the connect timeout; long enough
            // for a loaded machine to finish one handshake, so the error is the certificate's.
            options.connectTimeout = .seconds(5)
            options.maxRetries = 0
            try await RegistryClient.withClient(options: options, logger: testLogger) { client in
                let reference = try image("127.0.0.1:\(server.port)/app:1")
                let error = await #expect(throws: (any Error).self) { try await client.tags(of: reference) }
                let text = "\(error.map { "\($0)" } ?? "")".lowercased()
                #expect(
                    text.contains("certificate") || text.contains("handshake") || text.contains("tls") || text.contains("ssl"), "\(text)")
            }
        }
    }
}

import Foundation
import KubernetesModel
import TestSupport
import Testing

@testable import KubernetesClient

@Suite struct TLSTests {
    @Test func clientCertificateAgainstAServerThatRequiresOne() async throws {
        let pki = try TestCertificates()
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("ca.crt", pki.caPEM)
        try dir.write("alice.crt", pki.clientCertificatePEM)
        try dir.write("alice.key", pki.clientKeyPEM)
        try await TestAPIServer.with(
            tls: try pki.serverTLSConfiguration(requireClientCertificate: true),
            handler: { _, _ in
                .json(versionBody)
            },
            { url, log in
                let kubeconfig = try dir.write(
                    "config",
                    """
                    apiVersion: v1
                    kind: Config
                    current-context: ctx
                    clusters: [{name: c, cluster: {server: "\(url)", certificate-authority: ca.crt}}]
                    contexts: [{name: ctx, context: {cluster: c, user: alice}}]
                    users: [{name: alice, user: {client-certificate: alice.crt, client-key: alice.key}}]
                    """)
                let configuration = try KubeConfig.load(kubeconfigPath: kubeconfig, environment: [:])
                let version = try await withTestClient(configuration) { try await $0.serverVersion() }
                #expect(version.gitVersion == "v1.37.0")
                #expect(await log.count == 1)

                // The same server refuses a client without a certificate.
                var anonymous = configuration
                anonymous.tls.clientCertificatePEM = nil
                anonymous.tls.clientKeyPEM = nil
                anonymous.retry = .none
                let error = await #expect(throws: KubernetesError.self) {
                    try await withTestClient(anonymous) { try await $0.serverVersion() }
                }
                #expect(error?.code == .transport)
                #expect(await log.count == 1)
            })
    }

    @Test func verificationIsOnUnlessTheConfigSaysInsecure() async throws {
        let pki = try TestCertificates()
        try await TestAPIServer.with(
            tls: try pki.serverTLSConfiguration(requireClientCertificate: false),
            handler: { _, _ in
                .json(versionBody)
            },
            { url, log in
                // No CA configured: the system roots do not trust the test CA.
                let error = await #expect(throws: KubernetesError.self) {
                    try await withTestClient(testConfiguration(url, retry: .none)) { try await $0.serverVersion() }
                }
                #expect(error?.code == .transport)
                #expect(await log.count == 0)
                let insecure = testConfiguration(url, tls: TLSSettings(insecureSkipVerify: true))
                let insecureVersion = try await withTestClient(insecure) { client in try await client.serverVersion() }
                #expect(insecureVersion.major == "1")
                let trusted = testConfiguration(url, tls: TLSSettings(certificateAuthorityPEM: Array(pki.caPEM.utf8)))
                let trustedVersion = try await withTestClient(trusted) { client in try await client.serverVersion() }
                #expect(trustedVersion.major == "1")
            })
    }

    @Test func tlsServerNameIsVerifiedInsteadOfTheHost() async throws {
        let pki = try TestCertificates(serverNames: ["kubernetes.test"], loopbackIP: false)
        let ca = Array(pki.caPEM.utf8)
        try await TestAPIServer.with(
            tls: try pki.serverTLSConfiguration(requireClientCertificate: false),
            handler: { _, _ in
                .json(versionBody)
            },
            { url, log in
                let error = await #expect(throws: KubernetesError.self) {
                    try await withTestClient(testConfiguration(url, tls: TLSSettings(certificateAuthorityPEM: ca), retry: .none)) {
                        try await $0.serverVersion()
                    }
                }
                #expect(error?.code == .transport)
                let named = testConfiguration(url, tls: TLSSettings(certificateAuthorityPEM: ca, serverName: "kubernetes.test"))
                let namedVersion = try await withTestClient(named) { client in try await client.serverVersion() }
                #expect(namedVersion.minor == "37")
                #expect(await log.count == 1)
            })
    }

    @Test func aCertificateAuthorityThatDoesNotLoadIsAnError() throws {
        let configuration = testConfiguration(
            "https://127.0.0.1:1", tls: TLSSettings(certificateAuthorityPEM: Array("not a certificate".utf8)))
        let error = #expect(throws: KubernetesError.self) {
            _ = try KubernetesClient(configuration: configuration, logger: .init(label: "test"))
        }
        #expect(error?.message.contains("certificate authority") == true)
    }
}

import Foundation
import TestSupport
import Testing

@testable import GitRepository

/// git over HTTPS verifies the server's certificate by default (issue 16): a self-signed
/// server is refused with git's certificate error, and a user-only token in the URL appears
/// neither in the error nor anywhere git was told about.
@Suite struct TLSVerificationTests {
    @Test func anUntrustedCertificateIsRefused() async throws {
        let directory = try TemporaryDirectory(prefix: "git-tls")
        defer { directory.remove() }
        let token = "ghp_\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
        try await UntrustedTLSServer.run { server in
            let repository = try GitRepositoryFetchTests.repository(
                url: "https://\(token)@127.0.0.1:\(server.port)/org/repo.git", in: directory)
            let error = try await #require(throws: GitError.self) { try await repository.fetch() }
            #expect(error.standardError.lowercased().contains("certificate"), "\(error)")
            #expect(!error.description.contains(token))
            #expect(error.url == "https://127.0.0.1:\(server.port)/org/repo.git")
        }
    }
}

import Testing

@testable import GitRepository

@Suite struct DeployKeyTests {
    @Test func generatesAndReloadsEd25519() async throws {
        let key = try await DeployKey.generate(comment: "fluxd@test")
        #expect(key.privateKey.hasPrefix("-----BEGIN OPENSSH PRIVATE KEY-----"))
        #expect(key.publicKey.hasPrefix("ssh-ed25519 "))
        #expect(key.publicKey.hasSuffix(" fluxd@test"))
        #expect(key.fingerprint.hasPrefix("SHA256:"))
        #expect(key.randomArt.hasPrefix("+--[ED25519 256]--+"))
        #expect(!key.description.contains("PRIVATE"))

        let loaded = try await DeployKey.load(privateKey: key.privateKey)
        #expect(loaded.fingerprint == key.fingerprint)
        #expect(key.publicKey.hasPrefix(loaded.publicKey))
    }

    @Test func generatesRSA4096() async throws {
        let key = try await DeployKey.generate(type: .rsa(bits: 4096))
        #expect(key.publicKey.hasPrefix("ssh-rsa "))
        #expect(key.randomArt.hasPrefix("+---[RSA 4096]----+"))
        #expect(DeployKey.KeyType(flag: "rsa") == .rsa(bits: 4096))
        #expect(DeployKey.KeyType(flag: "dsa") == nil)
    }

    @Test func garbageIsRejectedClearly() async throws {
        let error = try await #require(throws: GitError.self) {
            try await DeployKey.load(privateKey: "not a key")
        }
        #expect(error.code == .invalidArgument)
        #expect(error.description.contains("private key"))
    }
}

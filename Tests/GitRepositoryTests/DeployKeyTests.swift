import Foundation
import TestSupport
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

    /// Flux v1's --ssh-keygen-type, --ssh-keygen-bits, --ssh-keygen-format, --ssh-keygen-dir.
    @Test func generatesAsTheKeygenFlagsSay() async throws {
        let directory = try TemporaryDirectory(prefix: "keygen-dir")
        defer { directory.remove() }
        let pem = try DeployKey.Generation(type: "rsa", bits: 3072, format: "pem", directory: directory.path)
        #expect(pem.type == .rsa(bits: 3072) && pem.format == .pem && pem.usableDirectory == directory.path)
        let key = try await DeployKey.generate(pem)
        #expect(key.privateKey.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"), "-m PEM")
        #expect(key.randomArt.hasPrefix("+---[RSA 3072]----+"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "nothing left in the keygen dir")
        let ecdsa = try await DeployKey.generate(try DeployKey.Generation(type: "ecdsa", bits: 384, format: "RFC4716"))
        #expect(ecdsa.publicKey.hasPrefix("ecdsa-sha2-nistp384 "))
        #expect(try DeployKey.Generation(type: "ed25519", directory: "/no/such/dir").usableDirectory == nil)
        for (type, bits, format) in [("dsa", nil, nil), ("rsa", 1024, nil), ("ecdsa", 300, nil), ("rsa", nil, "XML")]
            as [(String, Int?, String?)]
        {
            #expect(throws: GitError.self, "\(type) \(String(describing: bits)) \(String(describing: format))") {
                try DeployKey.Generation(type: type, bits: bits, format: format)
            }
        }
    }

    @Test func garbageIsRejectedClearly() async throws {
        let error = try await #require(throws: GitError.self) {
            try await DeployKey.load(privateKey: "not a key")
        }
        #expect(error.code == .invalidArgument)
        #expect(error.description.contains("private key"))
    }
}

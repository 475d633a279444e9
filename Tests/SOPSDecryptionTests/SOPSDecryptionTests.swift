import CommandRunner
import Foundation
import SOPSDecryption
import TestSupport
import Testing

/// Decryption with the real sops binary, of fixtures the real sops encrypted for throwaway
/// age and PGP keys.
@Suite struct SOPSDecryptionTests {
    static let secret = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
        stringData:
          password: hunter2-\(UUID().uuidString.prefix(6))

        """

    @Test func decryptsEveryFormatWithAnAgeKey() async throws {
        let directory = try TemporaryDirectory(prefix: "sops-age")
        defer { directory.remove() }
        let key = try await AgeKey.generate(in: directory)
        let decryptor = SOPSDecryptor(environment: ["SOPS_AGE_KEY_FILE": key.identityFile, "SOPS_AGE_KEY": nil])
        let binary: [UInt8] = [0, 1, 2, 254, 255, 10, 13, 0x80]
        let cases: [(String, SOPSFormat, [UInt8])] = [
            ("secret.yaml", .yaml, Array((Self.secret + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n").utf8)),
            ("secret.json", .json, Array(#"{"apiVersion": "v1", "kind": "Secret", "data": {"k": "dg=="}}"#.utf8)),
            ("app.env", .dotenv, Array("USER=admin\nPASSWORD=s3cret\n".utf8)),
            ("key.bin", .binary, binary),
        ]
        for (name, format, plaintext) in cases {
            #expect(SOPSFormat(fileName: name) == format)
            let encrypted = Array(try await SOPSFixture.encrypt(plaintext, format: format.rawValue, age: key.recipient).utf8)
            #expect(format.isEncrypted(encrypted), "\(name)")
            #expect(!format.isEncrypted(plaintext), "\(name) in clear")
            let decrypted = try await decryptor.decrypt(encrypted, format: format, file: name)
            if format == .yaml || format == .json {
                // sops re-emits the document; compare the content.
                let text = String(decoding: decrypted, as: UTF8.self)
                #expect(text.contains("Secret") && !text.contains("ENC["), "\(name): \(text)")
            } else {
                #expect(decrypted == plaintext, "\(name)")
            }
        }
    }

    /// The age key is found where sops looks: `SOPS_AGE_KEY_FILE`, `SOPS_AGE_KEY`, and the
    /// default keys file under `XDG_CONFIG_HOME`.
    @Test func findsAgeKeysWhereSopsLooks() async throws {
        let directory = try TemporaryDirectory(prefix: "sops-age-sources")
        defer { directory.remove() }
        let key = try await AgeKey.generate(in: directory)
        let encrypted = Array(try await SOPSFixture.encrypt(Self.secret, format: "yaml", age: key.recipient).utf8)
        let contents = try String(contentsOfFile: key.identityFile, encoding: .utf8)
        try directory.write("xdg/sops/age/keys.txt", contents)
        let none: [String: String?] = ["SOPS_AGE_KEY_FILE": nil, "SOPS_AGE_KEY": nil, "XDG_CONFIG_HOME": directory.path + "/nowhere"]
        for environment in [
            none.merging(["SOPS_AGE_KEY_FILE": key.identityFile]) { _, new in new },
            none.merging(["SOPS_AGE_KEY": contents]) { _, new in new },
            none.merging(["XDG_CONFIG_HOME": directory.path + "/xdg"]) { _, new in new },
        ] {
            let plaintext = try await SOPSDecryptor(environment: environment).decrypt(encrypted, format: .yaml, file: "s.yaml")
            #expect(String(decoding: plaintext, as: UTF8.self).contains("hunter2-"))
        }
        await #expect(throws: SOPSError.self) {
            try await SOPSDecryptor(environment: none).decrypt(encrypted, format: .yaml, file: "s.yaml")
        }
    }

    @Test func decryptsWithAPGPKeyFromTheGivenKeyring() async throws {
        let directory = try TemporaryDirectory(prefix: "sops-pgp")
        defer { directory.remove() }
        let gpg = try await GPGFixture.create(in: directory)
        let encrypted = Array(
            try await SOPSFixture.encrypt(Self.secret, format: "yaml", pgp: gpg.fingerprint, gnupgHome: gpg.home).utf8)
        let plaintext = try await SOPSDecryptor(environment: gpg.environment).decrypt(encrypted, format: .yaml, file: "s.yaml")
        #expect(String(decoding: plaintext, as: UTF8.self).contains("hunter2-"))

        // Another, empty keyring has no key: the error names the file and says why.
        let empty = directory.path + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        await #expect(throws: SOPSError.self) {
            try await SOPSDecryptor(environment: ["GNUPGHOME": empty]).decrypt(encrypted, format: .yaml, file: "clusters/s.yaml")
        }
        await gpg.shutdown()
        // Deliberately ignored: stopping an agent that may never have started.
        _ = try? await Command.run("gpgconf", arguments: ["--kill", "all"], environment: ["GNUPGHOME": empty])
    }

    @Test func refusesWrongKeysAndTamperedFilesNamingTheFile() async throws {
        let directory = try TemporaryDirectory(prefix: "sops-fail")
        defer { directory.remove() }
        let key = try await AgeKey.generate(in: directory)
        let other = try await AgeKey.generate(in: directory, name: "other.txt")
        let encrypted = try await SOPSFixture.encrypt(
            "data:\n  a: one\n  b_unencrypted: two\n", format: "yaml", age: key.recipient)
        do {
            _ = try await SOPSDecryptor(environment: ["SOPS_AGE_KEY_FILE": other.identityFile, "SOPS_AGE_KEY": nil])
                .decrypt(Array(encrypted.utf8), format: .yaml, file: "apps/secret.yaml")
            Issue.record("decrypted with the wrong key")
        } catch {
            #expect(error.file == "apps/secret.yaml")
            #expect(error.description.contains("apps/secret.yaml"))
            #expect(error.message.lowercased().contains("data key"), "\(error.message)")
        }
        // A value changed after encryption (the unencrypted one, so only the MAC can tell).
        let tampered = encrypted.replacingOccurrences(of: "b_unencrypted: two", with: "b_unencrypted: three")
        #expect(tampered != encrypted)
        do {
            _ = try await SOPSDecryptor(environment: ["SOPS_AGE_KEY_FILE": key.identityFile, "SOPS_AGE_KEY": nil])
                .decrypt(Array(tampered.utf8), format: .yaml, file: "apps/secret.yaml")
            Issue.record("a tampered file decrypted")
        } catch {
            #expect(error.message.contains("MAC"), "\(error.message)")
        }
    }

    @Test func detectsOnlySopsMetadata() {
        let plain = Array("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sops\ndata:\n  sops: \"yes\"\n  mac: x\n".utf8)
        #expect(!SOPSFormat.yaml.isEncrypted(plain))
        #expect(!SOPSFormat.binary.isEncrypted([0xff, 0xfe, 0x00]))
        #expect(!SOPSFormat.dotenv.isEncrypted(Array("SOPS_MAC=1\n".utf8)))
        #expect(SOPSFormat(fileName: "kustomization.yml") == .yaml)
        #expect(SOPSFormat(fileName: "dir.d/README") == .binary)
    }
}

import Foundation
import KubernetesModel
import Logging
import SOPSDecryption
import TestSupport
import Testing

@testable import Manifests

/// `--sops`: SOPS-encrypted manifests and kustomize inputs decrypted in memory with the real
/// sops, and refused (naming the file, nothing loaded) when they cannot be.
@Suite struct DecryptionTests {
    static let password = "pw-\(UUID().uuidString.prefix(8))"

    static func secret(_ name: String) -> String {
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: \(name)\nstringData:\n  password: \(password)\n"
    }

    static func load(
        _ directory: TemporaryDirectory, paths: [String] = [], decryption: ManifestDecryption
    ) async throws(ManifestLoadFailure) -> ManifestSet {
        var loader = ManifestLoader(root: directory.path, paths: paths)
        loader.decryption = decryption
        return try await loader.load(isNamespaced: nil, logger: Logger(label: "test"))
    }

    static func decryption(_ key: AgeKey) -> ManifestDecryption {
        ManifestDecryption(decryptor: SOPSDecryptor(environment: ["SOPS_AGE_KEY_FILE": key.identityFile, "SOPS_AGE_KEY": nil]))
    }

    @Test func decryptsManifestsAndRefusesWhatItCannot() async throws {
        let directory = try TemporaryDirectory(prefix: "sops-manifests")
        defer { directory.remove() }
        let key = try await AgeKey.generate(in: directory)
        try directory.write("apps/secret.yaml", try await SOPSFixture.encrypt(Self.secret("db"), format: "yaml", age: key.recipient))
        try directory.write("apps/plain.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n")
        let set = try await Self.load(directory, decryption: Self.decryption(key))
        let secret = try #require(set.manifests.first { $0.key.name == "db" })
        #expect(secret.object[path: ["stringData", "password"]]?.stringValue == Self.password)
        #expect(secret.object["sops"] == nil)
        #expect(set.manifests.map(\.key.name).sorted() == ["db", "plain"])
        // Plaintext is never written next to the file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/apps").sorted() == ["plain.yaml", "secret.yaml"])

        // Without --sops, or with the wrong key: a load error naming the file, no objects.
        for decryption in [ManifestDecryption.off, Self.decryption(try await AgeKey.generate(in: directory, name: "other"))] {
            do {
                _ = try await Self.load(directory, decryption: decryption)
                Issue.record("loaded an encrypted file it could not decrypt")
            } catch {
                #expect(error.errors.map(\.file) == ["apps/secret.yaml"])
                #expect(error.errors.first?.code == .decryption)
                #expect(!error.description.contains(Self.password))
            }
        }
    }

    @Test func decryptsKustomizeInputsItReadsAndOnlyThose() async throws {
        let directory = try TemporaryDirectory(prefix: "sops-kustomize")
        defer { directory.remove() }
        let key = try await AgeKey.generate(in: directory)
        let foreign = try await AgeKey.generate(in: directory, name: "foreign")
        try directory.write(
            "app/kustomization.yaml",
            """
            resources:
            - secret.yaml
            secretGenerator:
            - name: env
              envs:
              - app.env
            - name: files
              files:
              - token.bin
            generatorOptions:
              disableNameSuffixHash: true

            """)
        try directory.write("app/secret.yaml", try await SOPSFixture.encrypt(Self.secret("db"), format: "yaml", age: key.recipient))
        try directory.write(
            "app/app.env", try await SOPSFixture.encrypt("PASSWORD=\(Self.password)\n", format: "dotenv", age: key.recipient))
        try directory.write("app/token.bin", try await SOPSFixture.encrypt("tok-\(Self.password)", format: "binary", age: key.recipient))
        // Encrypted for another cluster's key, not referenced: never decrypted.
        try directory.write("app/unused.yaml", try await SOPSFixture.encrypt(Self.secret("other"), format: "yaml", age: foreign.recipient))

        let set = try await Self.load(directory, paths: ["app"], decryption: Self.decryption(key))
        let byName = Dictionary(uniqueKeysWithValues: set.manifests.map { ($0.key.name, $0.object) })
        #expect(byName.keys.sorted() == ["db", "env", "files"])
        #expect(byName["db"]?[path: ["stringData", "password"]]?.stringValue == Self.password)
        #expect(byName["env"]?[path: ["data", "PASSWORD"]]?.stringValue == Data(Self.password.utf8).base64EncodedString())
        #expect(byName["files"]?[path: ["data", "token.bin"]]?.stringValue == Data("tok-\(Self.password)".utf8).base64EncodedString())

        // An encrypted input that cannot be decrypted fails the whole render, naming it.
        try directory.write("app/app.env", try await SOPSFixture.encrypt("PASSWORD=x\n", format: "dotenv", age: foreign.recipient))
        do {
            _ = try await Self.load(directory, paths: ["app"], decryption: Self.decryption(key))
            Issue.record("rendered with an input it could not decrypt")
        } catch {
            #expect(error.errors.map(\.file) == ["app/app.env"], "\(error)")
        }
    }
}

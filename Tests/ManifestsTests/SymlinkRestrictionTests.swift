import Foundation
import InMemoryLogging
import Logging
import TestSupport
import Testing

@testable import Manifests

/// Files reached through symlinks that leave the repository checkout are refused (not read,
/// not skipped): plain manifest directories, configured paths and kustomizations alike, as
/// kustomize's load restrictor does.
@Suite struct SymlinkRestrictionTests {
    static let secret = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stolen\ndata:\n  token: s3cr3t\n"

    static func setUp() throws -> (repository: TemporaryDirectory, outside: TemporaryDirectory) {
        let repository = try TemporaryDirectory(prefix: "symlink-repo")
        let outside = try TemporaryDirectory(prefix: "symlink-outside")
        _ = try outside.write("secret.yaml", secret)
        _ = try repository.write("apps/ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n")
        return (repository, outside)
    }

    static func load(_ repository: TemporaryDirectory, paths: [String] = []) async throws(ManifestLoadFailure) -> ManifestSet {
        try await ManifestLoader(root: repository.path, paths: paths).load(isNamespaced: nil, logger: Logger(label: "test"))
    }

    @Test func manifestSymlinkOutOfTheCheckoutIsAnError() async throws {
        let (repository, outside) = try Self.setUp()
        defer {
            repository.remove()
            outside.remove()
        }
        try FileManager.default.createSymbolicLink(
            atPath: repository.url("apps/link.yaml").path, withDestinationPath: outside.url("secret.yaml").path)
        let failure = try await #require(throws: ManifestLoadFailure.self) { try await Self.load(repository) }
        let error = try #require(failure.errors.first)
        #expect(error.code == .invalidPath)
        #expect(error.file == "apps/link.yaml")
        #expect(!failure.description.contains("s3cr3t"))
    }

    @Test func configuredPathThroughASymlinkIsAnError() async throws {
        let (repository, outside) = try Self.setUp()
        defer {
            repository.remove()
            outside.remove()
        }
        try FileManager.default.createSymbolicLink(atPath: repository.url("deploy").path, withDestinationPath: outside.path)
        let failure = try await #require(throws: ManifestLoadFailure.self) { try await Self.load(repository, paths: ["deploy"]) }
        #expect(failure.errors.map(\.code) == [.invalidPath])
        #expect(failure.errors.first?.file == "deploy")
    }

    @Test func kustomizationResourceThroughASymlinkIsRefused() async throws {
        let (repository, outside) = try Self.setUp()
        defer {
            repository.remove()
            outside.remove()
        }
        _ = try repository.write("kust/kustomization.yaml", "resources:\n- link.yaml\n")
        try FileManager.default.createSymbolicLink(
            atPath: repository.url("kust/link.yaml").path, withDestinationPath: outside.url("secret.yaml").path)
        let failure = try await #require(throws: ManifestLoadFailure.self) { try await Self.load(repository, paths: ["kust"]) }
        let error = try #require(failure.errors.first)
        #expect(error.code == .kustomize)
        #expect(error.message.contains("security"))
        #expect(error.message.contains("resources[0]"))
    }

    static func loadGenerated(_ repository: TemporaryDirectory, paths: [String]) async throws(ManifestLoadFailure) -> ManifestSet {
        try await ManifestLoader(root: repository.path, paths: paths, manifestGeneration: true)
            .load(isNamespaced: nil, logger: Logger(label: "test"))
    }

    static let generator = "version: 1\npatchUpdated:\n  generators:\n  - command: cat cm.yaml\n  patchFile: patch.yaml\n"

    @Test func fluxYamlPatchFileThroughASymlinkIsRefused() async throws {
        let (repository, outside) = try Self.setUp()
        defer {
            repository.remove()
            outside.remove()
        }
        _ = try repository.write("gen/.flux.yaml", Self.generator)
        _ = try repository.write("gen/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stolen\n")
        try FileManager.default.createSymbolicLink(
            atPath: repository.url("gen/patch.yaml").path, withDestinationPath: outside.url("secret.yaml").path)
        let failure = try await #require(throws: ManifestLoadFailure.self) { try await Self.loadGenerated(repository, paths: ["gen"]) }
        #expect(failure.description.contains("patchFile"))
        #expect(failure.description.contains("outside the repository"))
        #expect(!failure.description.contains("s3cr3t"))
    }

    @Test func fluxYamlThroughASymlinkIsRefused() async throws {
        let (repository, outside) = try Self.setUp()
        defer {
            repository.remove()
            outside.remove()
        }
        _ = try outside.write(".flux.yaml", Self.generator)
        _ = try repository.write("gen/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")
        try FileManager.default.createSymbolicLink(
            atPath: repository.url("gen/.flux.yaml").path, withDestinationPath: outside.url(".flux.yaml").path)
        let failure = try await #require(throws: ManifestLoadFailure.self) { try await Self.loadGenerated(repository, paths: ["gen"]) }
        #expect(failure.description.contains("outside the repository"))
    }

    /// A symlink inside the repository to another file inside it still loads.
    @Test func symlinkInsideTheCheckoutLoads() async throws {
        let (repository, outside) = try Self.setUp()
        defer {
            repository.remove()
            outside.remove()
        }
        _ = try repository.write("shared/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n")
        try FileManager.default.createSymbolicLink(
            atPath: repository.url("apps/cm.yaml").path, withDestinationPath: repository.url("shared/cm.yaml").path)
        let set = try await Self.load(repository, paths: ["apps"])
        #expect(set.manifests.count == 2)
    }
}

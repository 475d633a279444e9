import Foundation
import KubernetesModel
import TestSupport
import Testing

@testable import Manifests

/// `patchUpdated` `.flux.yaml`: the patch file is applied over the generated objects, and
/// releases and policy changes edit only the targeted value of the patch file.
@Suite struct PatchUpdatedTests {
    static let flux = "version: 1\npatchUpdated:\n  generators:\n  - command: cat ../base/all.yaml\n  patchFile: flux-patch.yaml\n"

    static let base =
        ManifestGenerationTests.deployment("a", image: "app:1.0", namespace: "prod") + "---\n"
        + ManifestGenerationTests.deployment("b", image: "app:1.0", namespace: "prod") + "---\n"
        + ManifestGenerationTests.deployment("c", image: "app:1.0", namespace: "prod") + "---\n"
            + """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: d
              namespace: prod
              annotations:
                fluxcd.io/automated: "true"
                team: web
            spec:
              template:
                spec:
                  containers:
                  - name: main
                    image: app:1.0

            """

    static let patch = """
        # Managed by Flux; comments survive.
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: a
          namespace: prod
        spec:
          template:
            spec:
              containers:
              - name: main
                image: "app:1.1"   # released
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          namespace: prod
          name: b
          annotations:
            fluxcd.io/tag.main: glob:1.*
        spec:
          replicas: 3

        """

    func setUp(_ directory: TemporaryDirectory, patch: String? = Self.patch) throws {
        try directory.write("staging/.flux.yaml", Self.flux)
        try directory.write("base/all.yaml", Self.base)
        if let patch { try directory.write("staging/flux-patch.yaml", patch) }
    }

    func readPatch(_ directory: TemporaryDirectory) throws -> String {
        try String(contentsOfFile: directory.path + "/staging/flux-patch.yaml", encoding: .utf8)
    }

    static func image(_ object: JSONValue?) -> String? {
        object?[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["image"]?.stringValue
    }

    @Test func patchesAreAppliedOverGeneratedObjects() async throws {
        let directory = try TemporaryDirectory(prefix: "patch-render")
        defer { directory.remove() }
        try setUp(directory)
        let set = try await ManifestGenerationTests.load(directory, paths: ["staging"])
        let byName = Dictionary(uniqueKeysWithValues: set.manifests.map { ($0.key.name, $0.object) })
        #expect(set.manifests.map(\.key.name) == ["a", "b", "c", "d"])
        #expect(Self.image(byName["a"]) == "app:1.1")
        #expect(byName["b"]?[path: ["spec", "replicas"]] == 3)
        #expect(byName["b"]?[path: ["metadata", "annotations", "fluxcd.io/tag.main"]] == "glob:1.*")
        #expect(Self.image(byName["c"]) == "app:1.0")
    }

    @Test func aPatchForAnObjectNoGeneratorPrintsIsAnError() async throws {
        let directory = try TemporaryDirectory(prefix: "patch-missing")
        defer { directory.remove() }
        try setUp(directory, patch: Self.patch + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ghost\n")
        let failure = try await #require(throws: ManifestLoadFailure.self) {
            try await ManifestGenerationTests.load(directory, paths: ["staging"])
        }
        #expect(failure.errors.first?.file == "staging/flux-patch.yaml")
        #expect(failure.errors.first?.line == 24)
        #expect(failure.errors.first?.message.contains(":configmap/ghost") == true)
    }

    @Test func releasesAndPolicyChangesEditOnlyTheTargetedValue() async throws {
        let directory = try TemporaryDirectory(prefix: "patch-update")
        defer { directory.remove() }
        try setUp(directory)
        let generation = ManifestGeneration(root: directory.path)
        let config = try #require(try generation.configuration(forPath: "staging"))

        // An image already in the patch: only its bytes change (quotes and comment kept).
        var update = try await generation.updateImage(config, workload: "prod:deployment/a", container: "main", image: "app:1.2")
        #expect(update == ManifestGeneration.Update(changed: true, files: ["staging/flux-patch.yaml"]))
        var expected = Self.patch.replacingOccurrences(of: "\"app:1.1\"", with: "\"app:1.2\"")
        #expect(try readPatch(directory) == expected)

        // The same release again changes nothing.
        update = try await generation.updateImage(config, workload: "prod:deployment/a", container: "main", image: "app:1.2")
        #expect(!update.changed)

        // A policy on a workload whose patch has annotations: one line changes.
        _ = try await generation.updatePolicy(config, workload: "prod:deployment/b", key: "tag.main", value: "semver:~1")
        expected = expected.replacingOccurrences(of: "fluxcd.io/tag.main: glob:1.*", with: "fluxcd.io/tag.main: semver:~1")
        #expect(try readPatch(directory) == expected)

        // A workload without a patch gets a new document; the rest of the file is unchanged.
        _ = try await generation.updateImage(config, workload: "prod:deployment/c", container: "main", image: "app:2.0")
        var text = try readPatch(directory)
        #expect(text.hasPrefix(expected + "---\n"))
        #expect(text.contains("name: c"))

        // Removing a policy the generator writes needs `null` in the patch.
        _ = try await generation.updatePolicy(config, workload: "prod:deployment/d", key: "automated", value: nil)
        text = try readPatch(directory)
        #expect(text.hasPrefix(expected + "---\n"))
        #expect(text.contains("fluxcd.io/automated: null"))

        let objects = try await generation.generate(config)
        let byName = Dictionary(uniqueKeysWithValues: objects.map { ($0.name ?? "", $0) })
        #expect(Self.image(byName["a"]) == "app:1.2")
        #expect(Self.image(byName["c"]) == "app:2.0")
        #expect(byName["d"]?[path: ["metadata", "annotations"]] == ["team": "web"])
        #expect(byName["b"]?[path: ["metadata", "annotations", "fluxcd.io/tag.main"]] == "semver:~1")
    }

    @Test func aMissingPatchFileIsCreatedOnTheFirstUpdate() async throws {
        let directory = try TemporaryDirectory(prefix: "patch-create")
        defer { directory.remove() }
        try setUp(directory, patch: nil)
        let generation = ManifestGeneration(root: directory.path)
        let config = try #require(try generation.configuration(forPath: "staging"))
        #expect(try await generation.generate(config).count == 4)
        _ = try await generation.updatePolicy(config, workload: "prod:deployment/a", key: "fluxcd.io/locked", value: "true")
        let text = try readPatch(directory)
        #expect(!text.hasPrefix("---"))
        let objects = try await generation.generate(config)
        #expect(objects.first?[path: ["metadata", "annotations", "fluxcd.io/locked"]] == "true")
    }

    @Test func removingAPolicySetByBothPatchAndGeneratorAndAppendingToAFileWithoutNewline() async throws {
        let directory = try TemporaryDirectory(prefix: "patch-remove")
        defer { directory.remove() }
        let patch =
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: prod\n  annotations:\n    fluxcd.io/automated: \"false\""
        try setUp(directory, patch: patch)
        let generation = ManifestGeneration(root: directory.path)
        let config = try #require(try generation.configuration(forPath: "staging"))
        var objects = try await generation.generate(config)
        #expect(objects.first { $0.name == "d" }?[path: ["metadata", "annotations", "fluxcd.io/automated"]] == "false")

        _ = try await generation.updatePolicy(config, workload: "prod:deployment/d", key: "automated", value: nil)
        objects = try await generation.generate(config)
        #expect(objects.first { $0.name == "d" }?[path: ["metadata", "annotations"]] == ["team": "web"])

        _ = try await generation.updateImage(config, workload: "prod:deployment/a", container: "main", image: "app:9")
        let text = try readPatch(directory)
        #expect(text.contains("\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n"), "\(text)")
        objects = try await generation.generate(config)
        #expect(Self.image(objects.first { $0.name == "a" }) == "app:9")
    }

    @Test func aContainerMissingFromThePatchIsAddedToItsDocumentOnly() async throws {
        let directory = try TemporaryDirectory(prefix: "patch-container")
        defer { directory.remove() }
        try setUp(directory)
        let generation = ManifestGeneration(root: directory.path)
        let config = try #require(try generation.configuration(forPath: "staging"))
        _ = try await generation.updateImage(config, workload: "prod:deployment/b", container: "main", image: "app:3.0")
        let text = try readPatch(directory)
        // The first document (a) keeps every byte; b's document is printed again.
        let firstDocument = Self.patch.components(separatedBy: "---\n")[0]
        #expect(text.hasPrefix(firstDocument + "---\n"))
        let objects = try await generation.generate(config)
        let b = objects.first { $0.name == "b" }
        #expect(Self.image(b) == "app:3.0")
        #expect(b?[path: ["spec", "replicas"]] == 3)
        #expect(b?[path: ["metadata", "annotations", "fluxcd.io/tag.main"]] == "glob:1.*")
    }
}

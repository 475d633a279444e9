import InMemoryLogging
import KubernetesModel
import Logging
import TestSupport
import Testing

@testable import Manifests

@Suite struct ManifestLoaderTests {
    static let logger = Logger(label: "test")

    static func load(
        _ directory: TemporaryDirectory, paths: [String] = [], scope: NamespaceScopeOracle? = nil
    ) async throws(ManifestLoadFailure) -> ManifestSet {
        try await ManifestLoader(root: directory.path, paths: paths).load(isNamespaced: scope, logger: logger)
    }

    static func configMap(_ name: String, namespace: String? = nil) -> String {
        let ns = namespace.map { "\n  namespace: \($0)" } ?? ""
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\(ns)\ndata:\n  k: v\n"
    }

    @Test func loadsMultiDocumentListsJSONAndSkipsHidden() async throws {
        let directory = try TemporaryDirectory(prefix: "manifests")
        defer { directory.remove() }
        try directory.write(
            "b/multi.yaml",
            "# leading comment\n---\n" + Self.configMap("one") + "---\n" + Self.configMap("two", namespace: "ns")
                + "---\n---\n")
        try directory.write(
            "a/list.yml",
            """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Secret
              metadata: {name: s1}
            - apiVersion: v1
              kind: Service
              metadata: {name: svc}

            """)
        try directory.write("c/obj.json", #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}"#)
        try directory.write(".git/config.yaml", Self.configMap("hidden"))
        try directory.write(".hidden/x.yaml", Self.configMap("hidden2"))
        try directory.write("notes.txt", "not a manifest")

        let set = try await Self.load(directory)
        #expect(set.manifests.map(\.key.name) == ["s1", "svc", "one", "two", "web"])
        #expect(
            set.manifests.map(\.source.description) == [
                "a/list.yml:1", "a/list.yml:1", "b/multi.yaml:3", "b/multi.yaml:10", "c/obj.json:1",
            ])
        #expect(set.manifests[4].key == ObjectKey(group: "apps", kind: "Deployment", namespace: "", name: "web"))
        #expect(set.manifests[3].key.namespace == "ns")
        #expect(set.warnings.isEmpty)
    }

    /// Issue 16, finding 4: Flux v1 skipped a document without `kind` with a warning, and its
    /// garbage collection then deleted the live object. Here it fails the load (file, line).
    @Test func documentsWithoutKindOrAPIVersionFailTheLoad() async throws {
        let directory = try TemporaryDirectory(prefix: "missing-kind")
        defer { directory.remove() }
        try directory.write("config/values.yaml", "replicas: 3\n---\n" + Self.configMap("real"))
        try directory.write("lost-kind.yaml", "apiVersion: v1\nmetadata:\n  name: web\ndata: {}\n")
        try directory.write(
            "list.yaml", "apiVersion: v1\nkind: List\nitems:\n- kind: ConfigMap\n  metadata: {name: no-version}\n")
        try directory.write("scalar.yaml", Self.configMap("fine") + "---\njust text\n")
        let failure = await #expect(throws: ManifestLoadFailure.self) { try await Self.load(directory) }
        let errors = (failure?.errors ?? []).map(\.description).sorted()
        #expect(errors.count == 4)
        #expect(errors.allSatisfy { $0.contains("Kubernetes object") || $0.contains("has no") })
        #expect(failure?.errors.allSatisfy { $0.code == .missingKind } == true)
        #expect(errors.contains { $0.hasPrefix("config/values.yaml:1: the document has no apiVersion and kind") })
        #expect(errors.contains { $0.hasPrefix("lost-kind.yaml:1 (name web): the document has no kind") })
        #expect(errors.contains { $0.hasPrefix("list.yaml:1 (name no-version): the document has no apiVersion") })
        #expect(errors.contains { $0.hasPrefix("scalar.yaml:8: the document is not a Kubernetes object (it is a string value)") })
    }

    @Test func limitsFailTheLoadNamingFileAndFlag() async throws {
        let directory = try TemporaryDirectory(prefix: "limits")
        defer { directory.remove() }
        try directory.write("a/big.yaml", Self.configMap("big") + "  blob: \"" + String(repeating: "x", count: 5_000) + "\"\n")
        try directory.write("b/many.yaml", (0..<6).map { Self.configMap("m\($0)") }.joined(separator: "---\n"))
        try directory.write("c/deep.json", String(repeating: "[", count: 40) + String(repeating: "]", count: 40))
        func failure(_ limits: ManifestLimits, _ path: String) async -> [ManifestError] {
            do {
                _ = try await ManifestLoader(root: directory.path, paths: [path], limits: limits).load(
                    isNamespaced: nil, logger: Self.logger)
                return []
            } catch { return error.errors }
        }
        let file = await failure(ManifestLimits(yaml: YAMLLimits(maxStreamBytes: 4_000)), "a")
        #expect(file.map(\.code) == [.limitExceeded])
        #expect(file.first?.description.contains("a/big.yaml: the file is") == true)
        #expect(file.first?.description.contains("--manifest-max-file-size") == true)
        let document = await failure(ManifestLimits(yaml: YAMLLimits(maxDocumentBytes: 4_000)), "a")
        #expect(document.first?.description.hasPrefix("a/big.yaml:1: the document is") == true)
        let object = await failure(ManifestLimits(maxObjectBytes: 4_000), "a")
        #expect(object.first?.object == "default:configmap/big" || object.first?.object == "<cluster>:configmap/big")
        #expect(object.first?.description.contains("--manifest-max-object-size") == true)
        let objects = await failure(ManifestLimits(maxObjects: 5), "b")
        #expect(objects.first?.description.contains("more than 5 objects") == true)
        let documents = await failure(ManifestLimits(yaml: YAMLLimits(maxDocuments: 5)), "b")
        #expect(documents.first?.code == .limitExceeded)
        let depth = await failure(ManifestLimits(yaml: YAMLLimits(maxDepth: 30)), "c")
        #expect(depth.first?.description.contains("--manifest-max-depth") == true)
        // Within the default limits the same file loads.
        let defaults = await failure(.default, "a")
        #expect(defaults.isEmpty)
    }

    @Test func aliasBombInARepositoryFailsTheLoad() async throws {
        let directory = try TemporaryDirectory(prefix: "bomb")
        defer { directory.remove() }
        var bomb = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            bomb += "  a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        try directory.write("bomb.yaml", bomb)
        let failure = await #expect(throws: ManifestLoadFailure.self) { try await Self.load(directory) }
        #expect(failure?.errors.first?.code == .limitExceeded)
        #expect(failure?.errors.first?.description.hasPrefix("bomb.yaml:") == true)
    }

    @Test func fluxignoreFilesApplyToTheirDirectoryAndBelow() async throws {
        let directory = try TemporaryDirectory(prefix: "fluxignore")
        defer { directory.remove() }
        try directory.write(".fluxignore", "*.json\n/skipped/\nscratch/\n")
        try directory.write("keep.yaml", Self.configMap("keep"))
        try directory.write("drop.json", #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"drop"}}"#)
        try directory.write("skipped/x.yaml", Self.configMap("skipped"))
        try directory.write("nested/skipped/y.yaml", Self.configMap("nested-skipped-not-anchored"))
        try directory.write("nested/scratch/z.yaml", Self.configMap("scratch"))
        try directory.write("team/.fluxignore", "*.yaml\n!wanted.yaml\n")
        try directory.write("team/unwanted.yaml", Self.configMap("unwanted"))
        try directory.write("team/wanted.yaml", Self.configMap("wanted"))
        try directory.write("other/unwanted.yaml", Self.configMap("other"))

        let set = try await Self.load(directory)
        #expect(Set(set.manifests.map(\.key.name)) == ["keep", "nested-skipped-not-anchored", "wanted", "other"])

        // A configured sub-path still honours the .fluxignore files above it.
        let sub = try await Self.load(directory, paths: ["team"])
        #expect(sub.manifests.map(\.key.name) == ["wanted"])
    }

    @Test func brokenYAMLNamesFileAndLine() async throws {
        let directory = try TemporaryDirectory(prefix: "broken")
        defer { directory.remove() }
        try directory.write("good.yaml", Self.configMap("good"))
        try directory.write("bad/broken.yaml", Self.configMap("first") + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\n")
        try directory.write("bad/broken.json", "{\n  \"apiVersion\": \"v1\",\n  \"kind\": }\n")
        let failure = try await #require(throws: ManifestLoadFailure.self) { try await Self.load(directory) }
        #expect(failure.errors.count == 2)
        let json = try #require(failure.errors.first { $0.file == "bad/broken.json" })
        #expect(json.code == .syntax)
        #expect(json.line == 3)
        let yaml = try #require(failure.errors.first { $0.file == "bad/broken.yaml" })
        #expect(yaml.code == .syntax)
        #expect(yaml.line == 11)
        #expect(yaml.message.contains("mapping values are not allowed"))
        #expect(failure.description.contains("bad/broken.yaml:"))
    }

    @Test func missingNamesAndDuplicatesAreErrors() async throws {
        let directory = try TemporaryDirectory(prefix: "dupes")
        defer { directory.remove() }
        try directory.write("a.yaml", Self.configMap("same") + "---\napiVersion: v1\nkind: Secret\nmetadata:\n  labels: {a: b}\n")
        try directory.write("b.yaml", "\n\n" + Self.configMap("same", namespace: "default"))
        let scope: NamespaceScopeOracle = { _ in true }
        let failure = try await #require(throws: ManifestLoadFailure.self) { try await Self.load(directory, scope: scope) }
        let missing = try #require(failure.errors.first { $0.code == .missingName })
        #expect(missing.file == "a.yaml")
        #expect(missing.line == 8)
        #expect(missing.object == "Secret")
        let duplicate = try #require(failure.errors.first { $0.code == .duplicate })
        #expect(duplicate.file == "b.yaml")
        #expect(duplicate.line == 3)
        #expect(duplicate.message.contains("a.yaml:1"))
        #expect(duplicate.object == "default:configmap/same")
    }

    @Test func configuredPathsAreValidated() async throws {
        let directory = try TemporaryDirectory(prefix: "paths")
        defer { directory.remove() }
        try directory.write("apps/a.yaml", Self.configMap("a"))
        let failure = try await #require(throws: ManifestLoadFailure.self) {
            try await Self.load(directory, paths: ["apps", "missing", "../escape"])
        }
        #expect(failure.errors.map(\.code) == [.invalidPath, .invalidPath])
        // Overlapping paths load each file once.
        let set = try await Self.load(directory, paths: [".", "apps", "./apps/a.yaml"])
        #expect(set.manifests.count == 1)
    }
}

import Foundation
import KubernetesModel
import Logging
import TestSupport
import Testing

@testable import Manifests

/// `.flux.yaml` manifest generation with the real `/bin/sh`: generators, updaters, patch
/// files, and the errors when a generator fails.
@Suite struct ManifestGenerationTests {
    static func deployment(_ name: String, image: String, namespace: String? = nil) -> String {
        let ns = namespace.map { "\n  namespace: \($0)" } ?? ""
        return """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: \(name)\(ns)
            spec:
              template:
                spec:
                  containers:
                  - name: main
                    image: \(image)

            """
    }

    static func load(_ directory: TemporaryDirectory, paths: [String], generation: Bool = true, timeout: Duration = .seconds(60))
        async throws(ManifestLoadFailure) -> ManifestSet
    {
        try await ManifestLoader(root: directory.path, paths: paths, manifestGeneration: generation, generationTimeout: timeout)
            .load(isNamespaced: nil, logger: ManifestLoaderTests.logger)
    }

    @Test func commandUpdatedGeneratorsRunInTheTargetPathAndReplaceItsFiles() async throws {
        let directory = try TemporaryDirectory(prefix: "generation")
        defer { directory.remove() }
        // The .flux.yaml is in the parent of the target: commands still run in the target.
        try directory.write(
            ".flux.yaml",
            """
            version: 1
            commandUpdated:
              generators:
              - command: cat ../base/*.yaml
              - command: >-
                  printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: from-%s\\n' "$(basename "$PWD")"

            """)
        try directory.write("base/web.yaml", Self.deployment("web", image: "nginx:1.25"))
        try directory.write("staging/ignored.yaml", ManifestLoaderTests.configMap("ignored"))
        try directory.write("plain/cm.yaml", ManifestLoaderTests.configMap("plain"))
        // plain has no .flux.yaml of its own but the root's applies: reset it with files.
        try directory.write("plain/.flux.yaml", "version: 1\nfiles: {}\n")

        let set = try await Self.load(directory, paths: ["plain", "staging"])
        #expect(set.manifests.map(\.key.name) == ["plain", "web", "from-staging"])
        #expect(set.manifests[1].source == ManifestSource(path: "staging/../.flux.yaml", line: nil))

        // Without --manifest-generation the .flux.yaml is ignored and the files are read.
        let plain = try await Self.load(directory, paths: ["staging"], generation: false)
        #expect(plain.manifests.map(\.key.name) == ["ignored"])
    }

    @Test func failingGeneratorNamesFileLineCommandAndStderrAndLoadsNothing() async throws {
        let directory = try TemporaryDirectory(prefix: "generation-fail")
        defer { directory.remove() }
        try directory.write("ok.yaml", ManifestLoaderTests.configMap("ok"))
        try directory.write(
            "app/.flux.yaml",
            "version: 1\ncommandUpdated:\n  generators:\n  - command: \"echo 'apiVersion: v1'\"\n  - command: echo broken chart >&2; exit 3\n"
        )
        let failure = try await #require(throws: ManifestLoadFailure.self) {
            try await Self.load(directory, paths: [".", "app"])
        }
        let error = try #require(failure.errors.first)
        #expect(failure.errors.count == 1)
        #expect(error.code == .generation)
        #expect(error.file == "app/.flux.yaml")
        #expect(error.line == 5)
        #expect(error.message.contains("exit 3"))
        #expect(error.message.contains("echo broken chart >&2; exit 3"))
        #expect(error.message.contains("broken chart"))
    }

    @Test func generatorTimeoutStopsTheCommand() async throws {
        let directory = try TemporaryDirectory(prefix: "generation-timeout")
        defer { directory.remove() }
        try directory.write(".flux.yaml", "version: 1\ncommandUpdated:\n  generators:\n  - command: sleep 30; echo late\n")
        let failure = try await #require(throws: ManifestLoadFailure.self) {
            try await Self.load(directory, paths: [], timeout: .milliseconds(500))
        }
        let error = try #require(failure.errors.first)
        #expect(error.file == ".flux.yaml")
        #expect(error.line == 4)
        #expect(error.message.contains("did not finish"), "\(error)")
        #expect(error.message.contains("sleep 30"))
    }

    @Test func generatorOutputThatIsNotYAMLNamesTheCommand() async throws {
        let directory = try TemporaryDirectory(prefix: "generation-output")
        defer { directory.remove() }
        try directory.write(".flux.yaml", "version: 1\ncommandUpdated:\n  generators:\n  - command: \"printf 'a: [unclosed\\\\n'\"\n")
        let failure = try await #require(throws: ManifestLoadFailure.self) {
            try await Self.load(directory, paths: [])
        }
        let error = try #require(failure.errors.first)
        #expect(error.line == 4)
        #expect(error.message.contains("not a YAML stream"))
    }

    @Test(arguments: [
        ("version: 2\ncommandUpdated:\n  generators: []\n", 1, "version"),
        ("version: 1\npatchUpdated:\n  generators: []\n  patchfile: p.yaml\n", 4, "patchUpdated.patchfile"),
        ("version: 1\ncommandUpdated:\n  generators: []\npatchUpdated:\n  generators: []\n  patchFile: p\n", 4, "only one"),
        ("version: 1\ncommandUpdated:\n  generators:\n  - cmd: ls\n", 4, "generators[0].cmd"),
        ("version: 1\npatchUpdated:\n  generators: []\n", 2, "patchFile"),
        ("version: 1\ncommandUpdated:\n  generators:\n  - command: [ls]\n", 4, "must be a non-empty string"),
        ("version: 1\ncommandUpdated: {generators: [\n", 3, "invalid YAML"),
    ])
    func invalidConfigurationsNameTheLine(text: String, line: Int, fragment: String) throws {
        let error = try #require(throws: ManifestGenerationError.self) {
            try GenerationConfig.parse(text, file: "apps/.flux.yaml", workingDirectory: "apps")
        }
        #expect(error.code == .invalidConfig)
        #expect(error.line == line, "\(error)")
        #expect(error.description.contains(fragment), "\(error)")
        #expect(error.description.hasPrefix("apps/.flux.yaml:\(line): "))
    }

    @Test func commandUpdatedUpdatersGetFluxVariablesAndChangeFiles() async throws {
        let directory = try TemporaryDirectory(prefix: "generation-updaters")
        defer { directory.remove() }
        try directory.write(
            "apps/.flux.yaml",
            """
            version: 1
            commandUpdated:
              generators:
              - command: cat web.yaml
              updaters:
              - containerImage:
                  command: >-
                    sed "s|image: .*|image: $FLUX_IMG:$FLUX_TAG|" web.yaml > web.new && mv web.new web.yaml &&
                    echo "$FLUX_WORKLOAD $FLUX_WL_NS $FLUX_WL_KIND $FLUX_WL_NAME $FLUX_CONTAINER" >> log.txt
                policy:
                  command: echo "$FLUX_POLICY=${FLUX_POLICY_VALUE-<unset>}" >> log.txt

            """)
        try directory.write("apps/web.yaml", Self.deployment("web", image: "nginx:1.25", namespace: "prod"))
        let generation = ManifestGeneration(root: directory.path)
        let config = try #require(try generation.configuration(forPath: "apps"))

        var update = try await generation.updateImage(
            config, workload: "prod:deployment/web", container: "main", image: "localhost:5000/nginx:1.26")
        #expect(update.changed)
        let objects = try await generation.generate(config)
        #expect(
            objects.first?[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["image"] == "localhost:5000/nginx:1.26")

        update = try await generation.updatePolicy(config, workload: "prod:deployment/web", key: "fluxcd.io/automated", value: "true")
        #expect(update.changed)
        _ = try await generation.updatePolicy(config, workload: "prod:deployment/web", key: "tag.main", value: nil)
        let log = try String(contentsOfFile: directory.path + "/apps/log.txt", encoding: .utf8)
        #expect(log == "prod:deployment/web prod deployment web main\nautomated=true\ntag.main=<unset>\n")

        // A workload the generators do not produce is an error, and nothing runs.
        let error = try await #require(throws: ManifestGenerationError.self) {
            try await generation.updateImage(config, workload: "prod:deployment/other", container: "main", image: "nginx:1")
        }
        #expect(error.code == .workloadNotFound)
        #expect(try String(contentsOfFile: directory.path + "/apps/log.txt", encoding: .utf8) == log)
    }

    @Test func commandUpdatedWithoutUpdatersRefusesUpdates() async throws {
        let directory = try TemporaryDirectory(prefix: "generation-noupdaters")
        defer { directory.remove() }
        try directory.write(".flux.yaml", "version: 1\ncommandUpdated:\n  generators:\n  - command: cat web.yaml\n")
        try directory.write("web.yaml", Self.deployment("web", image: "nginx:1.25"))
        let generation = ManifestGeneration(root: directory.path)
        let config = try #require(try generation.configuration(forPath: ""))
        let error = try await #require(throws: ManifestGenerationError.self) {
            try await generation.updateImage(config, workload: "default:deployment/web", container: "main", image: "nginx:1.26")
        }
        #expect(error.code == .noUpdaters)
        #expect(error.file == ".flux.yaml")
    }
}

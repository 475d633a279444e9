import Foundation
import KubernetesModel
import TestSupport
import Testing

@testable import Manifests

/// Flux v1's `.flux.yaml` tables (`pkg/manifests/configaware_test.go`), ported with the real
/// `/bin/sh`, and Flux v1's patch files (`pkg/cluster/kubernetes/patch_test.go`
/// `TestPatchAndApply`, and the patch `TestPatchUpdatedConfigFile` expects Flux v1 to write):
/// they apply as Flux v1 applied them.
///
/// Deliberate difference: Flux v1 rewrote the whole patch file on every update (a two-way
/// merge patch of the generated objects, keys sorted, `$setElementOrder` directives); SwiftFlux
/// edits only the value that changes and keeps every other byte. Both give the same objects.
@Suite struct FluxV1ConfigAwareTests {
    static let logger = ManifestLoaderTests.logger

    /// The generators of Flux v1's tables print this Deployment (no namespace).
    static let helloworld = """
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: helloworld
        spec:
          template:
            metadata:
              labels:
               name: helloworld
            spec:
              containers:
              - name: greeter
                image: quay.io/weaveworks/helloworld:master-a000001
        """

    static func indented(_ text: String, by spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }

    /// `echo "<helloworld>[---<namespace demo>]"` as Flux v1's tables wrote it.
    static func echo(withNamespace: Bool) -> String {
        var body = helloworld
        if withNamespace { body += "\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo" }
        return "    - command: |\n       echo \"" + String(indented(body, by: 7).dropFirst(7)) + "\"\n"
    }

    static let commandUpdatedEcho =
        "---\nversion: 1\ncommandUpdated:\n  generators: \n" + echo(withNamespace: false)
        + "  updaters:\n    - containerImage:\n        command: echo uci $FLUX_WORKLOAD\n      policy:\n        command: echo ua $FLUX_WORKLOAD\n"

    static let patchUpdatedEcho =
        "---\nversion: 1\npatchUpdated:\n  generators: \n" + echo(withNamespace: true) + "  patchFile: patchfile.yaml\n"

    static let mistaken = "\nversion: 1\ncommandUpdated:\n  generators:\n" + echo(withNamespace: true)

    func load(_ directory: TemporaryDirectory, paths: [String]) async throws(ManifestLoadFailure) -> ManifestSet {
        try await ManifestLoader(root: directory.path, paths: paths, manifestGeneration: true)
            .load(isNamespaced: nil, logger: Self.logger)
    }

    func ids(_ set: ManifestSet) -> [String] {
        set.manifests.map { "\($0.key.namespace.isEmpty ? "default" : $0.key.namespace):\($0.key.kind.lowercased())/\($0.key.name)" }
            .sorted()
    }

    /// TestFindConfigFilePaths: none below the root, then the root's, then the target's own
    /// (preferred), and a `.flux.yaml` named as the target itself.
    @Test func findConfigFilePaths() throws {
        let directory = try TemporaryDirectory(prefix: "v1-find-config")
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.path + "/one/two/three", withIntermediateDirectories: true)
        #expect(try GenerationConfig.find(root: directory.path, target: "one/two/three") == nil)

        try directory.write(".flux.yaml", "version: 1\nfiles: {}\n")
        var config = try #require(try GenerationConfig.find(root: directory.path, target: "one/two/three"))
        #expect(config.file == ".flux.yaml")
        #expect(config.workingDirectory == "one/two/three")

        try directory.write("one/two/three/.flux.yaml", "version: 1\nfiles: {}\n")
        config = try #require(try GenerationConfig.find(root: directory.path, target: "one/two/three"))
        #expect(config.file == "one/two/three/.flux.yaml")
        #expect(config.workingDirectory == "one/two/three")

        config = try #require(try GenerationConfig.find(root: directory.path, target: "one/two/three/.flux.yaml"))
        #expect(config.file == "one/two/three/.flux.yaml")
        #expect(config.workingDirectory == "one/two/three")
    }

    /// TestSplitConfigFilesAndRawManifestPaths: `envs/.flux.yaml` governs both environments,
    /// each run in its own directory; `commonresources` is plain files.
    @Test func splitConfigFilesAndRawManifestPaths() async throws {
        let directory = try TemporaryDirectory(prefix: "v1-split")
        defer { directory.remove() }
        try directory.write(
            "envs/.flux.yaml",
            "---\nversion: 1\ncommandUpdated:\n  generators: \n    - command: >-\n        printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: g1-%s\\n' \"$(basename \"$PWD\")\"\n"
        )
        try directory.write("envs/staging/x.yaml", ManifestLoaderTests.configMap("not-read"))
        try directory.write("envs/production/x.yaml", ManifestLoaderTests.configMap("not-read-either"))
        try directory.write("commonresources/cm.yaml", ManifestLoaderTests.configMap("common"))
        for (target, isGenerated) in [("envs/staging", true), ("envs/production", true), ("commonresources", false)] {
            let config = try GenerationConfig.find(root: directory.path, target: target)
            #expect((config != nil) == isGenerated, "\(target)")
            if let config {
                #expect(config.file == "envs/.flux.yaml")
                #expect(config.workingDirectory == target)
                #expect(config.generators.map(\.command).first?.hasPrefix("printf") == true)
            }
        }
        let set = try await load(directory, paths: ["envs/staging", "envs/production", "commonresources"])
        #expect(
            ids(set) == ["default:configmap/common", "default:configmap/g1-production", "default:configmap/g1-staging"])
        #expect(set.manifests.first { $0.key.name == "g1-staging" }?.source.path == "envs/staging/../.flux.yaml")
    }

    /// TestCommandUpdatedConfigFile: one generated workload; the updaters run for a release
    /// and a policy change.
    @Test func commandUpdatedConfigFile() async throws {
        let directory = try TemporaryDirectory(prefix: "v1-command-updated")
        defer { directory.remove() }
        try directory.write(".flux.yaml", Self.commandUpdatedEcho)
        #expect(ids(try await load(directory, paths: [""])) == ["default:deployment/helloworld"])
        let generation = ManifestGeneration(root: directory.path)
        let config = try #require(try generation.configuration(forPath: ""))
        let image = try await generation.updateImage(
            config, workload: "default:deployment/helloworld", container: "greeter", image: "repo/image:tag")
        #expect(image.changed)
        let policy = try await generation.updatePolicy(
            config, workload: "default:deployment/helloworld", key: "tag.greeter", value: "glob:master-*")
        #expect(policy.changed)
    }

    /// The patch Flux v1 wrote in TestPatchUpdatedConfigFile (`expectedPatch`), byte for byte.
    static let fluxV1Patch = """
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          annotations:
            fluxcd.io/tag.greeter: glob:master-*
          name: helloworld
        spec:
          template:
            spec:
              $setElementOrder/containers:
              - name: greeter
              containers:
              - image: repo/image:tag
                name: greeter

        """

    /// TestPatchUpdatedConfigFile: two generated objects; a release and a policy change go
    /// into the patch file and come back out of it.
    @Test func patchUpdatedConfigFile() async throws {
        let directory = try TemporaryDirectory(prefix: "v1-patch-updated")
        defer { directory.remove() }
        try directory.write(".flux.yaml", Self.patchUpdatedEcho)
        #expect(ids(try await load(directory, paths: [""])) == ["default:deployment/helloworld", "default:namespace/demo"])
        let generation = ManifestGeneration(root: directory.path)
        let config = try #require(try generation.configuration(forPath: ""))
        _ = try await generation.updateImage(
            config, workload: "default:deployment/helloworld", container: "greeter", image: "repo/image:tag")
        _ = try await generation.updatePolicy(config, workload: "default:deployment/helloworld", key: "tag.greeter", value: "glob:master-*")
        try expectReleasedAndTagged(try await load(directory, paths: [""]))
    }

    /// A Flux v1 installation's patch file, as Flux v1 wrote it, gives the objects Flux v1
    /// gave: the `$setElementOrder/containers` directive orders the list and is not a field.
    @Test func patchFileWrittenByFluxV1() async throws {
        let directory = try TemporaryDirectory(prefix: "v1-patch-file")
        defer { directory.remove() }
        try directory.write(".flux.yaml", Self.patchUpdatedEcho)
        try directory.write("patchfile.yaml", Self.fluxV1Patch)
        let set = try await load(directory, paths: [""])
        try expectReleasedAndTagged(set)
        let deployment = try #require(set.manifests.first { $0.key.kind == "Deployment" })
        #expect(deployment.object[path: ["spec", "template", "spec", "$setElementOrder/containers"]] == nil)
        #expect(deployment.object[path: ["spec", "template", "metadata", "labels", "name"]] == "helloworld")

        // Editing it again keeps Flux v1's document and changes only the image.
        let generation = ManifestGeneration(root: directory.path)
        let config = try #require(try generation.configuration(forPath: ""))
        _ = try await generation.updateImage(
            config, workload: "default:deployment/helloworld", container: "greeter", image: "repo/image:v2")
        let text = try String(contentsOfFile: directory.path + "/patchfile.yaml", encoding: .utf8)
        #expect(text == Self.fluxV1Patch.replacingOccurrences(of: "repo/image:tag", with: "repo/image:v2"))
    }

    func expectReleasedAndTagged(_ set: ManifestSet) throws {
        let deployment = try #require(set.manifests.first { $0.key.kind == "Deployment" })
        let containers = deployment.object[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? []
        #expect(containers.map { $0["image"]?.stringValue } == ["repo/image:tag"])
        #expect(containers.map { $0["name"]?.stringValue } == ["greeter"])
        #expect(deployment.object[path: ["metadata", "annotations", "fluxcd.io/tag.greeter"]] == "glob:master-*")
        #expect(set.manifests.contains { $0.key.kind == "Namespace" && $0.key.name == "demo" })
    }

    /// TestMistakenConfigFile: `commandUpdated` without updaters refuses an update rather than
    /// silently changing nothing.
    @Test func mistakenConfigFile() async throws {
        let directory = try TemporaryDirectory(prefix: "v1-mistaken")
        defer { directory.remove() }
        try directory.write(".flux.yaml", Self.mistaken)
        let generation = ManifestGeneration(root: directory.path)
        let config = try #require(try generation.configuration(forPath: ""))
        await #expect(throws: ManifestGenerationError.self) {
            try await generation.updateImage(
                config, workload: "default:deployment/helloworld", container: "greeter", image: "repo/image:tag")
        }
    }

    /// TestDuplicateDetection, TestDuplicateInFiles, TestDuplicateInGenerators: an object
    /// generated twice, generated and in a file, or by two configurations is an error.
    @Test(arguments: ["generated twice", "generated and in a file", "two generators"])
    func duplicates(_ name: String) async throws {
        let directory = try TemporaryDirectory(prefix: "v1-duplicate")
        defer { directory.remove() }
        let paths: [String]
        switch name {
        case "generated twice":
            let namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo"
            let body = namespace + "\n---\n" + Self.helloworld + "\n---\n" + namespace + "\n"
            try directory.write(
                ".flux.yaml",
                "\nversion: 1\ncommandUpdated:\n  generators:\n  - command: |\n     echo \""
                    + String(Self.indented(body, by: 5).dropFirst(5))
                    + "\"\n")
            paths = [""]
        case "generated and in a file":
            try directory.write("echo/.flux.yaml", Self.patchUpdatedEcho)
            try directory.write("manifest.yaml", "\n" + Self.helloworld + "\n")
            paths = [".", "echo"]
        default:
            try directory.write("echo1/.flux.yaml", Self.patchUpdatedEcho)
            try directory.write("echo2/.flux.yaml", Self.patchUpdatedEcho)
            paths = ["echo1", "echo2"]
        }
        do {
            let set = try await load(directory, paths: paths)
            Issue.record("\(name): expected a duplicate error, loaded \(ids(set))")
        } catch {
            #expect(error.description.contains("defined twice"), "\(name): \(error)")
        }
    }

    /// TestJustFiles: a `files` configuration below a `patchUpdated` one makes its directory
    /// plain manifests again.
    @Test func justFiles() async throws {
        let directory = try TemporaryDirectory(prefix: "v1-just-files")
        defer { directory.remove() }
        try directory.write("config/.flux.yaml", Self.patchUpdatedEcho)
        try directory.write("config/rawfiles/.flux.yaml", "version: 1\nfiles: {}\n")
        try directory.write("config/rawfiles/manifest.yaml", "\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: foo-ns\n")
        let set = try await load(directory, paths: ["config/rawfiles"])
        #expect(ids(set).contains("default:namespace/foo-ns"))
    }
}

/// Flux v1's scope table (`pkg/cluster/kubernetes/manifests_test.go`).
///
/// Deliberate difference (`TestUnKnownCRDScope`): Flux v1 left an object of a kind neither the
/// cluster nor a CRD in the manifests defines out of the sync, with a warning, and synced the
/// rest; fluxd fails the load naming the object, and applies nothing (see
/// docs/migrating-from-flux-v1.md).
@Suite struct FluxV1ManifestScopeTests {
    static let defs = """
        ---
        apiVersion: apiextensions.k8s.io/v1beta1
        kind: CustomResourceDefinition
        metadata:
          name: foo
        spec:
          group: foo.example.com
          names:
            kind: Foo
            listKind: FooList
            plural: foos
            shortNames:
            - foo
          scope: Namespaced
          version: v1beta1
          versions:
            - name: v1beta1
              served: true
              storage: true
        ---
        apiVersion: foo.example.com/v1beta1
        kind: Foo
        metadata:
          name: fooinstance
          namespace: bar

        """

    /// The cluster knows only built-in kinds.
    static let clusterScopes: NamespaceScopeOracle = { groupKind in
        switch (groupKind.group, groupKind.kind) {
        case ("", "Namespace"), ("apiextensions.k8s.io", "CustomResourceDefinition"): false
        case ("", _), ("apps", _): true
        default: nil
        }
    }

    /// TestLocalCRDScope: a CRD in the manifests decides its kind's scope.
    @Test func localCRDScope() async throws {
        let directory = try TemporaryDirectory(prefix: "v1-crd-scope")
        defer { directory.remove() }
        try directory.write("test.yaml", Self.defs)
        let set = try await ManifestLoader(root: directory.path).load(isNamespaced: Self.clusterScopes, logger: ManifestLoaderTests.logger)
        #expect(set.manifests.map(\.key.description).contains("bar:foo.foo.example.com/fooinstance"))
    }

    /// TestUnKnownCRDScope: without the CRD, the object's scope is unknown (an error here).
    @Test func unknownCRDScope() async throws {
        let directory = try TemporaryDirectory(prefix: "v1-crd-unknown")
        defer { directory.remove() }
        try directory.write(
            "test.yaml",
            "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: mynamespace\n---\n"
                + "apiVersion: foo.example.com/v1beta1\nkind: Foo\nmetadata:\n  name: fooinstance\n  namespace: bar\n")
        let failure = try await #require(throws: ManifestLoadFailure.self) {
            try await ManifestLoader(root: directory.path).load(isNamespaced: Self.clusterScopes, logger: ManifestLoaderTests.logger)
        }
        #expect(failure.errors.map(\.code) == [.unknownKind])
        #expect(failure.description.contains("fooinstance"))
    }
}

/// Flux v1's patch table (`pkg/cluster/kubernetes/patch_test.go`, `TestPatchAndApply`), ported
/// to what makes the patches here: each case's original is what the generator prints, the
/// releases and policy changes that turn it into the modified manifests are made (through the
/// patch file), and the objects read back are the modified ones.
///
/// Adapted where the Go table's "modified" is not what Flux writes: a new policy annotation is
/// written under `fluxcd.io/` (as Flux v1's policy updates wrote it), and a released tag is a
/// string (`tag: "1.6"`; the table's plain `1.6` is a number, which is no tag).
@Suite struct FluxV1PatchAndApplyTests {
    enum Update {
        case image(workload: String, container: String, image: String)
        case policy(workload: String, key: String, value: String?)
    }

    static let namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: namespace\n"
    static let ghost = """
        apiVersion: flux.weave.works/v1beta1
        kind: HelmRelease
        metadata:
          name: ghost
          namespace: demo
          annotations:
            flux.weave.works/automated: "false"
            flux.weave.works/tag.chart-image: glob:1.21.*
        spec:
          values:
            image: bitnami/ghost
            tag: 1.21.5-r0

        """
    static let ghostReleased = ghost.replacingOccurrences(of: "tag: 1.21.5-r0", with: "tag: 1.21.6")
    static let ghostAutomated = ghostReleased.replacingOccurrences(
        of: "    flux.weave.works/automated: \"false\"\n    flux.weave.works/tag.chart-image: glob:1.21.*\n",
        with: "    flux.weave.works/automated: \"true\"\n")
    static let podinfo = """
        apiVersion: flux.weave.works/v1beta1
        kind: HelmRelease
        metadata:
          name: name
          namespace: namespace
          annotations:
           flux.weave.works/tag.container: glob:1.4.*
        spec:
          values:
            container:
              image:
                repository: stefanprodan/podinfo
                tag: 1.4.4

        """
    static let twoContainers = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: name
        spec:
          template:
            spec:
              containers:
              - name: one
                image: one:one
              - name: two
                image: two:two
              initContainers:
              - name: one
                image: one:one

        """
    static let oneContainer = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: name
        spec:
          template:
            spec:
              containers:
              - name: one
                image: one:one

        """
    static let oneContainerLocked = oneContainer.replacingOccurrences(
        of: "  name: name\n", with: "  name: name\n  annotations:\n    fluxcd.io/locked: \"true\"\n"
    ).replacingOccurrences(of: "image: one:one", with: "image: oneplus:oneplus")

    static let ghostUpdates: [Update] = [
        .image(workload: "demo:helmrelease/ghost", container: "chart-image", image: "bitnami/ghost:1.21.6"),
        .policy(workload: "demo:helmrelease/ghost", key: "automated", value: "true"),
        .policy(workload: "demo:helmrelease/ghost", key: "tag.chart-image", value: nil),
    ]
    static let lockUpdates: [Update] = [
        .policy(workload: "default:deployment/name", key: "locked", value: "true"),
        .image(workload: "default:deployment/name", container: "one", image: "oneplus:oneplus"),
    ]

    static let cases: [(name: String, original: String, updates: [Update], modified: String)] = [
        ("unmodified", namespace, [], namespace),
        (
            "HelmRelease tag", ghost, [.image(workload: "demo:helmrelease/ghost", container: "chart-image", image: "bitnami/ghost:1.21.6")],
            ghostReleased
        ),
        (
            "HelmRelease repository and tag", podinfo,
            [.image(workload: "namespace:helmrelease/name", container: "container", image: "stefanprodan/podinfo:1.6")],
            podinfo.replacingOccurrences(of: "tag: 1.4.4", with: "tag: \"1.6\"")
        ),
        (
            "one of two containers, an initContainer of the same name", twoContainers,
            [.image(workload: "default:deployment/name", container: "one", image: "oneplus:oneplus")],
            twoContainers.replacingOccurrences(
                of: "      - name: one\n        image: one:one\n      - name: two",
                with: "      - name: one\n        image: oneplus:oneplus\n      - name: two")
        ),
        ("annotation and image", oneContainer, lockUpdates, oneContainerLocked),
        ("HelmRelease policies and tag", ghost, ghostUpdates, ghostAutomated),
        (
            "multiple documents", namespace + "---\n" + oneContainer + "---\n" + ghost, ghostUpdates + lockUpdates,
            ghostAutomated + "---\n" + namespace + "---\n" + oneContainerLocked
        ),
    ]

    static func objects(_ root: String, path: String, generation: Bool) async throws -> [String: JSONValue] {
        let set = try await ManifestLoader(root: root, paths: [path], manifestGeneration: generation)
            .load(isNamespaced: nil, logger: ManifestLoaderTests.logger)
        return Dictionary(uniqueKeysWithValues: set.manifests.map { ($0.key.description, $0.object) })
    }

    @Test(arguments: cases.map(\.name))
    func patchAndApply(_ name: String) async throws {
        let entry = try #require(Self.cases.first { $0.name == name })
        let directory = try TemporaryDirectory(prefix: "v1-patch-and-apply")
        defer { directory.remove() }
        try directory.write("original.yaml", entry.original)
        try directory.write(
            "generated/.flux.yaml", "version: 1\npatchUpdated:\n  generators:\n  - command: cat ../original.yaml\n  patchFile: patch.yaml\n"
        )
        try directory.write("modified/modified.yaml", entry.modified)
        let generation = ManifestGeneration(root: directory.path)
        let config = try #require(try generation.configuration(forPath: "generated"))
        for update in entry.updates {
            switch update {
            case .image(let workload, let container, let image):
                _ = try await generation.updateImage(config, workload: workload, container: container, image: image)
            case .policy(let workload, let key, let value):
                _ = try await generation.updatePolicy(config, workload: workload, key: key, value: value)
            }
        }
        let patched = try await Self.objects(directory.path, path: "generated", generation: true)
        let expected = try await Self.objects(directory.path, path: "modified", generation: false)
        #expect(patched.keys.sorted() == expected.keys.sorted(), "\(name)")
        for (key, object) in expected {
            #expect(patched[key] == object, "\(name): \(key)")
        }
    }
}

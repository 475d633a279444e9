import KubernetesModel
import Testing
import YAMLEditing

/// Flux v1's HelmRelease table (`pkg/cluster/kubernetes/resource/helmrelease_test.go`), ported
/// through the byte-preserving editor: each case lists the container Flux v1 found, sets the
/// image Flux v1's test sets (`WithNewTag("some-other-tag")`, some with
/// `Domain = "someotherregistry.com"`), and expects exactly the value lines Flux v1 changes to
/// change, every other byte kept, and the container to read back the new image.
/// (`TestSortedContainers`, `TestParseMappedImageFormats` and `TestParseAllFormatsInOne` list
/// containers only: `HelmReleaseImagesTests`.)
///
/// Deliberate exception: four of Flux v1's documents hold `spec:` twice (a copy-paste slip its
/// YAML library let the second win); duplicate keys are refused here, as by kubectl and the API
/// server, so those cases keep the second `spec` only.
@Suite struct FluxV1HelmReleaseTests {
    struct Case: Sendable {
        var name: String
        var annotations = ""
        var values: String
        var container: String
        var image: String
        var newImage: String
        var changes: [(String, String)]
    }

    static func document(_ testCase: Case) -> String {
        let annotations = testCase.annotations.isEmpty ? "" : "\n  annotations:\n" + testCase.annotations
        return """
            ---
            apiVersion: helm.fluxcd.io/v1
            kind: HelmRelease
            metadata:
              name: ghost
              namespace: ghost\(annotations)
            spec:
              chart:
                git: git@github.com:fluxcd/flux-get-started
                ref: master
                path: charts/ghost
              values:
            \(testCase.values)
            """
    }

    static let other = "someotherregistry.com"
    static let cases: [Case] = [
        Case(
            name: "TestParseImageOnlyFormat",
            values: "    first: post\n    image: bitnami/ghost:1.21.5-r0\n    persistence:\n      enabled: false\n",
            container: "chart-image", image: "bitnami/ghost:1.21.5-r0", newImage: "bitnami/ghost:some-other-tag",
            changes: [("image: bitnami/ghost:1.21.5-r0", "image: bitnami/ghost:some-other-tag")]),
        Case(
            name: "TestParseImageTagFormat",
            values: "    first: post\n    image: bitnami/ghost\n    tag: 1.21.5-r0\n    persistence:\n      enabled: false\n",
            container: "chart-image", image: "bitnami/ghost:1.21.5-r0", newImage: "bitnami/ghost:some-other-tag",
            changes: [("tag: 1.21.5-r0", "tag: some-other-tag")]),
        Case(
            name: "TestParseRegistryImageTagFormat",
            values:
                "    first: post\n    registry: registry.com\n    image: bitnami/ghost\n    tag: 1.21.5-r0\n    persistence:\n      enabled: false\n",
            container: "chart-image", image: "registry.com/bitnami/ghost:1.21.5-r0", newImage: other + "/bitnami/ghost:some-other-tag",
            changes: [("registry: registry.com", "registry: " + other), ("tag: 1.21.5-r0", "tag: some-other-tag")]),
        Case(
            name: "TestParseRegistryImageFormat",
            values:
                "    first: post\n    registry: registry.com\n    image: bitnami/ghost:1.21.5-r0\n    persistence:\n      enabled: false\n",
            container: "chart-image", image: "registry.com/bitnami/ghost:1.21.5-r0", newImage: "registry.com/bitnami/ghost:some-other-tag",
            changes: [("image: bitnami/ghost:1.21.5-r0", "image: bitnami/ghost:some-other-tag")]),
        Case(
            name: "TestParseNamedImageFormat",
            values: "    db:\n      first: post\n      image: bitnami/ghost:1.21.5-r0\n      persistence:\n        enabled: false\n",
            container: "db", image: "bitnami/ghost:1.21.5-r0", newImage: "bitnami/ghost:some-other-tag",
            changes: [("image: bitnami/ghost:1.21.5-r0", "image: bitnami/ghost:some-other-tag")]),
        Case(
            name: "TestParseNamedImageTagFormat",
            values:
                "    other:\n      not: \"containing image\"\n    db:\n      first: post\n      image: bitnami/ghost\n      tag: 1.21.5-r0\n      persistence:\n        enabled: false\n",
            container: "db", image: "bitnami/ghost:1.21.5-r0", newImage: "bitnami/ghost:some-other-tag",
            changes: [("tag: 1.21.5-r0", "tag: some-other-tag")]),
        Case(
            name: "TestParseNamedRegistryImageTagFormat",
            values:
                "    other:\n      not: \"containing image\"\n    db:\n      first: post\n      registry: registry.com\n      image: bitnami/ghost\n      tag: 1.21.5-r0\n",
            container: "db", image: "registry.com/bitnami/ghost:1.21.5-r0", newImage: other + "/bitnami/ghost:some-other-tag",
            changes: [("registry: registry.com", "registry: " + other), ("tag: 1.21.5-r0", "tag: some-other-tag")]),
        Case(
            name: "TestParseNamedRegistryImageFormat",
            values:
                "    other:\n      not: \"containing image\"\n    db:\n      first: post\n      registry: registry.com\n      image: bitnami/ghost:1.21.5-r0\n",
            container: "db", image: "registry.com/bitnami/ghost:1.21.5-r0", newImage: other + "/bitnami/ghost:some-other-tag",
            changes: [
                ("registry: registry.com", "registry: " + other), ("image: bitnami/ghost:1.21.5-r0", "image: bitnami/ghost:some-other-tag"),
            ]),
        Case(
            name: "TestParseImageObjectFormat",
            values:
                "    first: post\n    image:\n      repository: bitnami/ghost\n      tag: 1.21.5-r0\n    persistence:\n      enabled: false\n",
            container: "chart-image", image: "bitnami/ghost:1.21.5-r0", newImage: "bitnami/ghost:some-other-tag",
            changes: [("tag: 1.21.5-r0", "tag: some-other-tag")]),
        Case(
            name: "TestParseNamedImageObjectFormat",
            values: "    db:\n      first: post\n      image:\n        repository: bitnami/ghost\n        tag: 1.21.5-r0\n",
            container: "db", image: "bitnami/ghost:1.21.5-r0", newImage: "bitnami/ghost:some-other-tag",
            changes: [("tag: 1.21.5-r0", "tag: some-other-tag")]),
        Case(
            name: "TestParseNamedImageObjectFormatWithRegistry",
            values: "    db:\n      image:\n        registry: registry.com\n        repository: bitnami/ghost\n        tag: 1.21.5-r0\n",
            container: "db", image: "registry.com/bitnami/ghost:1.21.5-r0", newImage: other + "/bitnami/ghost:some-other-tag",
            changes: [("registry: registry.com", "registry: " + other), ("tag: 1.21.5-r0", "tag: some-other-tag")]),
        Case(
            name: "TestParseNamedImageObjectFormatWithRegistryAndMultiElementImage",
            values:
                "    db:\n      image:\n        registry: registry.com\n        repository: public/bitnami/ghost\n        tag: 1.21.5-r0\n",
            container: "db", image: "registry.com/public/bitnami/ghost:1.21.5-r0",
            newImage: other + "/public/bitnami/ghost:some-other-tag",
            changes: [("registry: registry.com", "registry: " + other), ("tag: 1.21.5-r0", "tag: some-other-tag")]),
        Case(
            name: "TestParseNamedImageObjectFormatWithRegistryWitoutTag",
            values: "    db:\n      image:\n        registry: registry.com\n        repository: bitnami/ghost:1.21.5-r0\n",
            container: "db", image: "registry.com/bitnami/ghost:1.21.5-r0", newImage: other + "/bitnami/ghost:some-other-tag",
            changes: [
                ("registry: registry.com", "registry: " + other),
                ("repository: bitnami/ghost:1.21.5-r0", "repository: bitnami/ghost:some-other-tag"),
            ]),
        Case(
            name: "TestParseMappedImageOnly", annotations: "    repository.fluxcd.io/mariadb: customRepository\n",
            values: "    first: post\n    customRepository: bitnami/mariadb:10.1.30-r1\n", container: "mariadb",
            image: "bitnami/mariadb:10.1.30-r1", newImage: "bitnami/mariadb:some-other-tag",
            changes: [("customRepository: bitnami/mariadb:10.1.30-r1", "customRepository: bitnami/mariadb:some-other-tag")]),
        Case(
            name: "TestParseMappedImageTag",
            annotations: "    repository.fluxcd.io/mariadb: customRepository\n    tag.fluxcd.io/mariadb: customTag\n",
            values: "    first: post\n    customRepository: bitnami/mariadb\n    customTag: 10.1.30-r1\n", container: "mariadb",
            image: "bitnami/mariadb:10.1.30-r1", newImage: "bitnami/mariadb:some-other-tag",
            changes: [("customTag: 10.1.30-r1", "customTag: some-other-tag")]),
        Case(
            name: "TestParseMappedRegistryImage",
            annotations: "    registry.fluxcd.io/mariadb: customRegistry\n    repository.fluxcd.io/mariadb: customImage\n",
            values: "    first: post\n    customRegistry: docker.io\n    customImage: bitnami/mariadb:10.1.30-r1\n", container: "mariadb",
            image: "docker.io/bitnami/mariadb:10.1.30-r1", newImage: "docker.io/bitnami/mariadb:some-other-tag",
            changes: [("customImage: bitnami/mariadb:10.1.30-r1", "customImage: bitnami/mariadb:some-other-tag")]),
        Case(
            name: "TestParseMappedRegistryImageTag",
            annotations:
                "    registry.fluxcd.io/mariadb: customRegistry\n    repository.fluxcd.io/mariadb: customRepository\n    tag.fluxcd.io/mariadb: customTag\n",
            values:
                "    first: post\n    customRegistry: index.docker.io\n    customRepository: bitnami/mariadb\n    customTag: 10.1.30-r1\n",
            container: "mariadb", image: "index.docker.io/bitnami/mariadb:10.1.30-r1",
            newImage: "index.docker.io/bitnami/mariadb:some-other-tag", changes: [("customTag: 10.1.30-r1", "customTag: some-other-tag")]),
    ]

    @Test(arguments: cases.map(\.name))
    func helmReleaseEditMatchesFluxV1(_ name: String) throws {
        let testCase = try #require(Self.cases.first { $0.name == name })
        let id = WorkloadID(namespace: "ghost", kind: "helmrelease", name: "ghost")
        let text = Self.document(testCase)
        let before = try #require(try YAMLEditor.workloads(in: text).first { $0.id(defaultNamespace: "default") == id })
        #expect(before.containers.map(\.name) == [testCase.container], "Flux v1 finds exactly one container")
        #expect(before.container(named: testCase.container)?.image == testCase.image)

        let edited = try YAMLEditor.setImage(testCase.newImage, container: testCase.container, workload: id, in: text)
        var expected = text
        for (old, new) in testCase.changes { expected = expected.replacingOccurrences(of: old, with: new) }
        #expect(edited == expected)
        let after = try #require(try YAMLEditor.workloads(in: edited).first { $0.id(defaultNamespace: "default") == id })
        #expect(after.container(named: testCase.container)?.image == testCase.newImage)
    }

    /// `TestParseMappedTagOnly`: a tag mapping without a repository mapping is no container.
    @Test func mappedTagOnlyIsNoContainer() throws {
        let testCase = Case(
            name: "TestParseMappedTagOnly", annotations: "    tag.fluxcd.io/mariadb: customTag\n",
            values: "    first: post\n    customTag: 10.1.30-r1\n", container: "mariadb", image: "", newImage: "bitnami/mariadb:2",
            changes: [])
        let text = Self.document(testCase)
        #expect(try YAMLEditor.workloads(in: text).first?.containers.isEmpty == true)
        let id = WorkloadID(namespace: "ghost", kind: "helmrelease", name: "ghost")
        #expect(throws: YAMLEditError.self) { try YAMLEditor.setImage(testCase.newImage, container: "mariadb", workload: id, in: text) }
    }
}

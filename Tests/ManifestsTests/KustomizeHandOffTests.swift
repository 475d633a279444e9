import KubernetesModel
import TestSupport
import Testing

@testable import Manifests

/// The native renderer hands its objects to the loader directly; they must be the objects
/// the loader gets by parsing `kubectl kustomize` output (numbers included).
@Suite struct KustomizeHandOffTests {
    @Test func nativeObjectsEqualParsedKubectlOutput() async throws {
        let directory = try TemporaryDirectory(prefix: "kustomize-handoff")
        defer { directory.remove() }
        try directory.write(
            "app/kustomization.yaml", "namePrefix: p-\nresources:\n- r.yaml\nconfigMapGenerator:\n- name: g\n  literals: [a=1]\n")
        try directory.write(
            "app/r.yaml",
            "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  sci: 1e3\n  whole: 2.0\n  half: 0.5\n  big: 12345678901234\n  on: on\n  date: 2024-01-02\n  list: [1, 1.5, \"x\"]\n  g: g\n"
        )
        func load(_ renderer: KustomizeRenderer) async throws -> [JSONValue] {
            try await ManifestLoader(root: directory.path, kustomize: renderer)
                .load(isNamespaced: { _ in true }, logger: ManifestLoaderTests.logger).manifests.map(\.object)
        }
        let native = try await load(.native)
        let parsed = try await load(KustomizeRenderer(program: try Tools.kubectl(), arguments: ["kustomize"]))
        #expect(native.count == 2)
        #expect(native.map { $0.serialized() } == parsed.map { $0.serialized() })
    }
}

import KubernetesModel
import Logging
import TestSupport
import Testing

@testable import Manifests

/// The manifest loader on randomized and malformed files (seeded, bounded): each input loads or
/// fails with errors that name the file; nothing crashes, hangs or grows memory (issue 16).
@Suite struct LoaderFuzzTests {
    static let corpus = [
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: x\ndata:\n  k: v\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: s}}\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: nginx}]\n",
        "kind: ConfigMap\nmetadata: {name: nokind}\n---\n- just\n- a list\n",
    ]

    @Test func documentDecoderNamesTheFileForEveryFailure() async throws {
        let fuzzer = Fuzzer(
            name: "manifests", corpus: Self.corpus,
            tokens: ["apiVersion: ", "kind: List\n", "items: ", "metadata:\n  name: ", "---\n", "&a ", "*a", "[", "{"])
        let report = try await fuzzer.run { bytes in
            let output = DocumentDecoder.decode(String(decoding: bytes, as: UTF8.self), path: "fuzz/in.yaml", json: false)
            for error in output.errors { #expect(error.file == "fuzz/in.yaml") }
            for manifest in output.manifests {
                #expect(!manifest.key.name.isEmpty)
                #expect(manifest.object.kind?.isEmpty == false)
            }
            if !output.errors.isEmpty { throw ManifestLoadFailure(errors: output.errors) }
        }
        #expect(report.rejected > 0)
    }

    static let kustomizations = [
        "resources:\n- base.yaml\nnamePrefix: p-\nnamespace: ns\ncommonLabels: {app: x}\nimages:\n- name: nginx\n  newTag: \"2\"\n",
        "resources: [base.yaml]\npatches:\n- patch: |-\n    - op: replace\n      path: /data/k\n      value: z\n  target: {kind: ConfigMap}\n",
        "resources: [base.yaml]\npatchesStrategicMerge:\n- |-\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {k: $patch}\nconfigMapGenerator:\n- name: gen\n  literals: [a=b, c=d]\n",
    ]

    /// kustomize (native, through the loader as fluxd runs it) on fuzzed kustomization files.
    @Test func kustomizationsSurviveMalformedInput() async throws {
        let directory = try TemporaryDirectory(prefix: "kustomize-fuzz")
        defer { directory.remove() }
        try directory.write("base.yaml", Self.corpus[0])
        let logger = Logger(label: "fuzz")
        let fuzzer = Fuzzer(
            name: "kustomize", corpus: Self.kustomizations,
            tokens: [
                "resources:\n- ", "base.yaml", "patches:\n", "- op: remove\n  path: /", "target:", "$patch: delete", "&a ", "*a", "../",
                "{",
            ],
            budget: .fromEnvironment(iterations: 150))
        let report = try await fuzzer.run { bytes in
            try directory.write("kustomization.yaml", String(decoding: bytes, as: UTF8.self))
            let set = try await ManifestLoader(root: directory.path).load(isNamespaced: nil, logger: logger)
            for manifest in set.manifests { #expect(!manifest.key.name.isEmpty) }
        }
        #expect(report.rejected > 0)
        #expect(report.inputs > report.rejected)
    }
}

import KubernetesModel
import Logging
import TestSupport
import Testing

@testable import Manifests

@Suite struct KustomizeAndNamespaceTests {
    /// The native renderer (fluxd's default) and the external `kubectl kustomize`.
    static func renderers() throws -> [KustomizeRenderer] {
        [.native, KustomizeRenderer(program: try Tools.kubectl(), arguments: ["kustomize"])]
    }

    @Test(arguments: [true, false]) func kustomizationDirectoriesAreRenderedNotWalked(native: Bool) async throws {
        let directory = try TemporaryDirectory(prefix: "kustomize")
        defer { directory.remove() }
        try directory.write("plain/cm.yaml", ManifestLoaderTests.configMap("plain"))
        try directory.write(
            "overlay/kustomization.yaml",
            "namePrefix: prod-\nnamespace: prod\nresources:\n- base/cm.yaml\n")
        try directory.write("overlay/base/cm.yaml", ManifestLoaderTests.configMap("app"))
        // Not listed in the kustomization: must not be loaded as a plain file.
        try directory.write("overlay/base/extra.yaml", ManifestLoaderTests.configMap("extra"))

        let renderer = try Self.renderers()[native ? 0 : 1]
        let set = try await ManifestLoader(root: directory.path, kustomize: renderer)
            .load(isNamespaced: nil, logger: ManifestLoaderTests.logger)
        #expect(set.manifests.map(\.key.name) == ["prod-app", "plain"])
        #expect(set.manifests[0].key.namespace == "prod")
        #expect(set.manifests[0].source == ManifestSource(path: "overlay", line: nil))
    }

    @Test(arguments: [true, false]) func kustomizeErrorsNameTheDirectory(native: Bool) async throws {
        let directory = try TemporaryDirectory(prefix: "kustomize-bad")
        defer { directory.remove() }
        try directory.write("broken/kustomization.yaml", "resources:\n- missing.yaml\n")
        let renderer = try Self.renderers()[native ? 0 : 1]
        let failure = try await #require(throws: ManifestLoadFailure.self) {
            try await ManifestLoader(root: directory.path, kustomize: renderer)
                .load(isNamespaced: nil, logger: ManifestLoaderTests.logger)
        }
        let error = try #require(failure.errors.first)
        #expect(error.code == .kustomize)
        #expect(error.file.hasPrefix("broken"), "\(error.file)")
        #expect(error.message.contains("missing.yaml"))
        #expect(!error.message.contains(directory.path))
    }

    @Test func namespacesAreDefaultedByScopeIncludingCRDsInTheSet() async throws {
        let directory = try TemporaryDirectory(prefix: "namespaces")
        defer { directory.remove() }
        try directory.write(
            "crd.yaml",
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Widget, plural: widgets}
              versions: [{name: v1, served: true, storage: true}]
            ---
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: clusterthings.example.com}
            spec:
              group: example.com
              scope: Cluster
              names: {kind: ClusterThing, plural: clusterthings}
              versions: [{name: v1, served: true, storage: true}]

            """)
        try directory.write(
            "objects.yaml",
            """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w}
            ---
            apiVersion: example.com/v1
            kind: ClusterThing
            metadata: {name: c, namespace: should-go}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: team, namespace: nonsense}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: explicit, namespace: team}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: defaulted}

            """)
        let asked = AskedKinds()
        let scope: NamespaceScopeOracle = { groupKind in
            await asked.record(groupKind)
            switch groupKind.kind {
            case "ConfigMap": return true
            case "Namespace", "CustomResourceDefinition": return false
            default: return nil
            }
        }
        let set = try await ManifestLoader(root: directory.path)
            .load(defaultNamespace: "flux-apps", isNamespaced: scope, logger: ManifestLoaderTests.logger)
        let byName = Dictionary(uniqueKeysWithValues: set.manifests.map { ($0.key.name, $0) })
        #expect(byName["w"]?.object.namespace == "flux-apps")
        #expect(byName["w"]?.key.namespace == "flux-apps")
        #expect(byName["c"]?.object.namespace == nil)
        #expect(byName["c"]?.key.namespace == "")
        #expect(byName["team"]?.object.namespace == nil)
        #expect(byName["explicit"]?.key.namespace == "team")
        #expect(byName["defaulted"]?.object.namespace == "flux-apps")
        // CRD-defined kinds are decided by the CRDs, each kind asked at most once.
        let kinds = await asked.kinds
        #expect(!kinds.contains(GroupKind(group: "example.com", kind: "Widget")))
        #expect(kinds.count == Set(kinds).count)
    }

    @Test func unknownKindsAndDiscoveryFailuresAreErrors() async throws {
        struct DiscoveryDown: Error, CustomStringConvertible { var description: String { "connection refused" } }
        let directory = try TemporaryDirectory(prefix: "unknown")
        defer { directory.remove() }
        try directory.write(
            "x.yaml", "apiVersion: nope.io/v1\nkind: Gadget\nmetadata: {name: g}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\n")
        let scope: NamespaceScopeOracle = { groupKind in
            if groupKind.kind == "Pod" { throw DiscoveryDown() }
            return nil
        }
        let failure = try await #require(throws: ManifestLoadFailure.self) {
            try await ManifestLoader(root: directory.path).load(isNamespaced: scope, logger: ManifestLoaderTests.logger)
        }
        #expect(failure.errors.map(\.code) == [.unknownKind, .discovery])
        #expect(failure.errors[0].line == 1)
        #expect(failure.errors[0].message.contains("Gadget.nope.io"))
        #expect(failure.errors[1].line == 5)
        #expect(failure.errors[1].message.contains("connection refused"))
    }
}

actor AskedKinds {
    private(set) var kinds: [GroupKind] = []
    func record(_ kind: GroupKind) { kinds.append(kind) }
}

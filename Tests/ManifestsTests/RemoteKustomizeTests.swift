import Foundation
import Manifests
import TestSupport
import Testing

/// A kustomization whose base is a git repository (`file://` here, offline): refused by
/// default, fetched and rendered when remote resources are enabled.
@Suite struct RemoteKustomizeTests {
    @Test func remoteBaseLoadsOnlyWhenEnabled() async throws {
        let directory = try TemporaryDirectory(prefix: "remote-kustomize")
        defer { directory.remove() }
        let remote = try await GitFixture.create(in: directory)
        try remote.write("base/kustomization.yaml", "resources:\n- cm.yaml\n")
        try remote.write("base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-remote\ndata:\n  k: v\n")
        _ = try await remote.commit("base")
        try await remote.push()
        let checkout = directory.path + "/checkout"
        _ = try directory.write(
            "checkout/overlay/kustomization.yaml",
            "namePrefix: app-\nresources:\n- file://\(remote.remotePath)//base\n")

        do {
            _ = try await ManifestLoader(root: checkout).load(isNamespaced: nil, logger: ManifestLoaderTests.logger)
            Issue.record("a remote base loaded without --enable-remote-resources")
        } catch {
            #expect(error.description.contains("overlay/kustomization.yaml"), "\(error)")
        }

        var renderer = KustomizeRenderer.native
        renderer.allowRemoteResources = true
        let set = try await ManifestLoader(root: checkout, kustomize: renderer)
            .load(isNamespaced: nil, logger: ManifestLoaderTests.logger)
        #expect(set.manifests.map { $0.object.name } == ["app-from-remote"])
    }
}

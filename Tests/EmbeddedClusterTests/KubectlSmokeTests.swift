import EmbeddedCluster
import Foundation
import KubernetesModel
import Testing

@Suite struct KubectlSmokeTests {
    @Test func applyGetDelete() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            let manifest = try kubectl.file(
                "cm.yaml",
                """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  namespace: default
                  labels:
                    app: web
                data:
                  key: value
                """)
            let applied = try await kubectl.run(["apply", "--server-side", "-f", manifest, "-v=6"])
            print(applied.standardOutput, applied.standardError)
            #expect(applied.exitCode == 0)
            #expect(applied.standardOutput == "configmap/settings serverside-applied\n")
            let got = try await kubectl.run(["get", "configmaps"])
            print(got.standardOutput, got.standardError)
            #expect(got.exitCode == 0)
        }
    }
}

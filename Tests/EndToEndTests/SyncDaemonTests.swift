import Foundation
import KubernetesModel
import TestSupport
import Testing

/// fluxd as a long-running daemon: drift correction on the sync interval, new commits on
/// the poll interval, a clean stop on SIGTERM.
@Suite(.serialized) struct SyncDaemonTests {
    @Test func restoresHandEditsFollowsCommitsAndStopsOnSIGTERM() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-daemon")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("settings.yaml", Manifest.configMap("settings", data: ["color": "blue"]))
        try await repo.commit("settings")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            let daemon = try fluxd.start([
                "--git-url", repo.fileURL, "--git-poll-interval", "500ms", "--sync-interval", "1s",
            ])
            let color = { try await fluxd.get("v1", "ConfigMap", "default", "settings")?[path: ["data", "color"]] }
            #expect(try await fluxd.eventually { try await color() == "blue" }, "\(daemon.outputText)")

            // A hand edit by another field manager is taken back at the next sync interval.
            _ = try await fluxd.client.patch(
                GroupVersionKind(group: "", version: "v1", kind: "ConfigMap"), namespace: "default", name: "settings",
                patch: .merge(["data": ["color": "red"]]), fieldManager: "kubectl-edit")
            #expect(try await color() == "red")
            #expect(try await fluxd.eventually { try await color() == "blue" }, "\(daemon.outputText)")

            // A new commit is applied on the next poll.
            try repo.write("settings.yaml", Manifest.configMap("settings", data: ["color": "green"]))
            try await repo.commit("green")
            try await repo.push()
            #expect(try await fluxd.eventually { try await color() == "green" }, "\(daemon.outputText)")

            // Every sync emits an Event on the inventory ConfigMap.
            let events = try await fluxd.client.listAll(GroupVersionKind(group: "", version: "v1", kind: "Event"), namespace: "flux")
            #expect(events.items.contains { $0["reason"] == "Synced" && ($0["message"]?.stringValue ?? "").contains("created=1") })

            let code = await daemon.stop(signal: SIGTERM, grace: .seconds(15))
            #expect(code == 0, "\(daemon.outputText)")
        }
    }
}

import CommandRunner
import Foundation
import KubernetesModel
import TestSupport
import Testing

/// A Flux v1 installation switched to SwiftFlux by changing the image only: the argument
/// lists of Flux v1's Helm chart and `deploy/flux-deployment.yaml` run fluxd unchanged.
@Suite(.serialized) struct FluxV1MigrationTests {
    /// `chart/flux/templates/deployment.yaml` rendered with the chart's default values
    /// (release `flux`; `--ssh-keygen-format` as in the chart since Flux 1.20), with the one
    /// value the chart requires, `git.url`, set to the test's repository.
    static func chartArguments(gitURL: String) -> [String] {
        [
            "--log-format=fmt", "--ssh-keygen-dir=/var/fluxd/keygen", "--ssh-keygen-format=RFC4716",
            "--k8s-secret-name=flux-git-deploy", "--memcached-hostname=flux-memcached", "--sync-state=git",
            "--memcached-service=", "--git-url=\(gitURL)", "--git-branch=master", "--git-path=", "--git-readonly=false",
            "--git-user=Weave Flux", "--git-email=support@weave.works", "--git-verify-signatures=false",
            "--git-set-author=false", "--git-poll-interval=5m", "--git-timeout=20s", "--sync-interval=5m",
            "--git-ci-skip=false", "--automation-interval=5m", "--registry-rps=200", "--registry-burst=125",
            "--registry-trace=false",
        ]
    }

    /// `deploy/flux-deployment.yaml`'s arguments, with `--git-url` pointing at the test's repository.
    static func deployArguments(gitURL: String) -> [String] {
        [
            "--memcached-service=", "--ssh-keygen-dir=/var/fluxd/keygen", "--git-url=\(gitURL)", "--git-branch=master",
            "--git-label=flux-sync", "--git-user=Flux automation", "--git-email=flux@example.com", "--listen-metrics=:3031",
        ]
    }

    @Test(arguments: ["chart", "deploy"])
    func fluxV1ArgumentsRunFluxd(_ source: String) async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-v1-\(source)")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("app/settings.yaml", Manifest.configMap("settings", data: ["from": source]))
        let head = try await repo.commit("settings")
        try await repo.push()
        let arguments = source == "chart" ? Self.chartArguments(gitURL: repo.fileURL) : Self.deployArguments(gitURL: repo.fileURL)
        try await FluxdHarness.withCluster { fluxd in
            // What only the test needs: the cluster, and ports nobody else uses (last wins).
            let daemon = try BackgroundProcess(
                FluxdHarness.fluxdPath,
                arguments + [
                    "--kubeconfig", fluxd.kubeconfig, "--k8s-namespace", "flux", "--listen", "127.0.0.1:0",
                    "--listen-metrics", "127.0.0.1:0",
                ])
            let applied = try await fluxd.eventually(timeout: .seconds(60)) {
                try await fluxd.get("v1", "ConfigMap", "default", "settings")?[path: ["data", "from"]] == .string(source)
            }
            #expect(applied, "\(daemon.outputText)")
            // The sync tag (--git-label for deploy/) marks the applied commit.
            #expect(
                try await fluxd.eventually { (try? await repo.runInRemote(["rev-parse", "flux-sync^{commit}"]))?.hasPrefix(head) == true })
            // The chart's liveness and readiness probes: no token, 2xx, the public deploy key.
            #expect(await daemon.waitForOutput("fluxd API listening on", timeout: .seconds(30)))
            let port = try #require(FluxctlTests.apiPort(daemon.outputText))
            let probe = try await Command.run(
                "python3",
                arguments: [
                    "-c", "import sys, urllib.request; r = urllib.request.urlopen(sys.argv[1]); print(r.status); print(r.read().decode())",
                    "http://127.0.0.1:\(port)/api/flux/v6/identity.pub",
                ])
            #expect(probe.standardOutput.hasPrefix("200\n{\"key\":\"ssh-"), "\(probe.output)")
            let output = daemon.outputText
            #expect(output.contains("flag=--memcached-service"), "ignored flags are logged: \(output)")
            #expect(output.contains("--ssh-keygen-dir is not a writable directory"), "\(output)")
            #expect(!output.contains("level=error"), "\(output)")
            #expect(await daemon.stop(signal: SIGTERM, grace: .seconds(15)) == 0, "\(daemon.outputText)")
        }
    }

    @Test func versionFlagAndBadBooleansAnswerLikeFluxV1() async throws {
        let version = try await Command.run(FluxdHarness.fluxdPath, arguments: ["--version"])
        #expect(version.exitCode == 0)
        #expect(!version.standardOutput.isEmpty)
        let bad = try await Command.run(FluxdHarness.fluxdPath, arguments: ["--git-readonly=maybe"])
        #expect(bad.exitCode != 0)
        #expect(bad.standardError.contains("invalid argument \"maybe\" for \"--git-readonly\""), "\(bad.standardError)")
    }

    /// `--k8s-unsafe-exclude-resource`: objects of matching kinds are never pruned;
    /// `--k8s-secret-data-key`: the deploy key's data key in its Secret.
    @Test func excludedResourcesAreNotPrunedAndTheDeployKeyUsesItsDataKey() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-exclude")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("cm.yaml", Manifest.configMap("cm", data: ["k": "v"]))
        try repo.write("sa.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n  namespace: default\n")
        try await repo.commit("cm and sa")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            let flags = [
                "--git-url", repo.fileURL, "--sync-garbage-collection", "--k8s-unsafe-exclude-resource=v1/ConfigMap,apps/*",
                "--k8s-secret-data-key=custom-key",
            ]
            var result = try await fluxd.once(flags)
            #expect(result.exitCode == 0, "\(result.output)")
            let secret = try await fluxd.get("v1", "Secret", "flux", "flux-git-deploy")
            #expect(
                secret?[path: ["data", "custom-key"]] != nil && secret?[path: ["data", "identity"]] == nil, "\(String(describing: secret))")
            try repo.remove("cm.yaml")
            try repo.remove("sa.yaml")
            try repo.write("other.yaml", Manifest.configMap("other", data: ["k": "v"]))
            try await repo.commit("remove both")
            try await repo.push()
            result = try await fluxd.once(flags)
            #expect(result.exitCode == 0, "\(result.output)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "cm") != nil, "excluded kind: not pruned")
            #expect(try await fluxd.get("v1", "ServiceAccount", "default", "sa") == nil, "other kinds are pruned")
            #expect(result.standardError.contains("excluded by --k8s-unsafe-exclude-resource"), "\(result.output)")
        }
    }

    /// `--log-format=json --log-level=warn`: JSON lines, nothing below warn.
    @Test func logFormatAndLevel() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-logs")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("cm.yaml", Manifest.configMap("logged", data: ["k": "v"]))
        try await repo.commit("cm")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            let quiet = try await fluxd.once([
                "--git-url", repo.fileURL, "--log-format", "json", "--log-level", "warn", "--memcached-hostname=m",
            ])
            #expect(quiet.exitCode == 0, "\(quiet.output)")
            #expect(!quiet.standardError.contains("\"level\":\"info\""), "\(quiet.standardError)")
            let verbose = try await fluxd.once(["--git-url", repo.fileURL, "--log-format=json", "--log-level=debug"])
            #expect(verbose.exitCode == 0, "\(verbose.output)")
            let lines = verbose.standardError.split(separator: "\n").filter { $0.hasPrefix("{") }
            #expect(!lines.isEmpty)
            #expect(lines.allSatisfy { (try? JSONValue(parsing: Array($0.utf8))) != nil }, "\(verbose.standardError)")
            #expect(lines.contains { $0.contains("\"level\":\"debug\"") }, "\(verbose.standardError)")
        }
    }

    /// `fluxctl release --interactive` in a real terminal (tmux): the plan is listed with
    /// every change checked; unchecking one releases only the others.
    @Test func interactiveReleaseInATerminal() async throws {
        let tmux = try Tools.require("tmux")
        let directory = try TemporaryDirectory(prefix: "e2e-interactive")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write(
            "web.yaml",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: default
            spec:
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: main
                    image: localhost:5000/web:1.0
                  - name: sidecar
                    image: localhost:5000/web:1.0

            """)
        try await repo.commit("web")
        try await repo.push()
        let token = "interactive-token-0123456789"
        let tokenFile = try directory.write("token", token)
        try await FluxdHarness.withCluster { fluxd in
            let daemon = try fluxd.start(["--git-url", repo.fileURL, "--api-token-file", tokenFile, "--git-poll-interval", "1h"])
            #expect(await daemon.waitForOutput("fluxd API listening on", timeout: .seconds(60)), "\(daemon.outputText)")
            let port = try #require(FluxctlTests.apiPort(daemon.outputText))
            #expect(
                try await fluxd.eventually(timeout: .seconds(60)) { try await fluxd.get("apps/v1", "Deployment", "default", "web") != nil })
            let socket = "swiftflux-\(UUID().uuidString.prefix(8))"
            let command = [
                Fluxctl.path, "release", "--url", "http://127.0.0.1:\(port)", "--token", token,
                "--workload", "default:deployment/web", "-i", "localhost:5000/web:1.1", "--interactive",
            ].map { "'\($0)'" }.joined(separator: " ")
            _ = try await Command.run(
                tmux,
                arguments: [
                    "-L", socket, "new-session", "-d", "-s", "release", "-x", "200", "-y", "40", "\(command); echo EXIT=$?; sleep 120",
                ])
            func screen() async throws -> String {
                try await Command.run(tmux, arguments: ["-L", socket, "capture-pane", "-p", "-t", "release"]).standardOutput
            }
            let shown = try await fluxd.eventually(timeout: .seconds(60)) { try await screen().contains("Use arrow keys") }
            let menu = try await screen()
            #expect(shown, "\(menu)")
            #expect(
                menu.contains("\u{21D2} \u{25C9} default:deployment/web  success  main: localhost:5000/web:1.0 -> 1.1"),
                "\(menu)")
            #expect(
                menu.split(separator: "\n").contains {
                    $0.hasPrefix("  \u{25C9} ") && $0.hasSuffix("sidecar: localhost:5000/web:1.0 -> 1.1")
                }, "\(menu)")
            // All three keys in one write, as a fast typist or a paste delivers them.
            _ = try await Command.run(tmux, arguments: ["-L", socket, "send-keys", "-t", "release", "Down", "Space", "Enter"])
            let exited = try await fluxd.eventually(timeout: .seconds(90)) { try await screen().contains("EXIT=") }
            let finished = try await screen()
            #expect(exited, "\(finished)")
            _ = try await Command.run(tmux, arguments: ["-L", socket, "kill-server"])
            #expect(finished.contains("EXIT=0"), "\(finished)")
            let released = try await repo.runInRemote(["show", "master:web.yaml"])
            #expect(released.contains("- name: main\n        image: localhost:5000/web:1.1"), "\(released)")
            #expect(released.contains("- name: sidecar\n        image: localhost:5000/web:1.0"), "only the checked change: \(released)")
            _ = await daemon.stop()
        }
    }
}

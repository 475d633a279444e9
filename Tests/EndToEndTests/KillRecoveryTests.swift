import CommandRunner
import Foundation
import KubernetesModel
import TestSupport
import Testing

/// kill -9 of fluxd during apply, during a commit and during a push, then a restart (issue 16):
/// the cluster converges to git, nothing outside the change moves, the sync tag names what was
/// applied, and a commit is neither lost nor duplicated once the user retries the command.
@Suite(.serialized) struct KillRecoveryTests {
    static let loop = ["--sync-garbage-collection", "--git-poll-interval", "1s", "--sync-interval", "1s", "--sync-timeout", "30s"]

    @Test func killDuringApplyThenRestart() async throws {
        let count = 30
        let directory = try TemporaryDirectory(prefix: "e2e-kill-apply")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("demo.yaml", FaultScenario.manifests(count: count, generation: 1))
        var head = try await repo.commit("generation 1")
        try await repo.push()
        try await FaultHarness.withCluster { harness in
            let fluxd = harness.fluxd
            let bystanders = try await FaultScenario.createBystanders(fluxd.client)
            var daemon = try fluxd.start(["--git-url", repo.fileURL] + Self.loop)
            #expect(
                try await fluxd.eventually(timeout: .seconds(60)) {
                    try await FaultScenario.converged(fluxd, repo: repo, head: head, count: count, generation: 1, bystanders: bystanders)
                }, "\(daemon.outputText)")
            // Objects git will not change keep their resourceVersion through everything below.
            var untouched = bystanders
            for index in 20..<(count - 1) {
                untouched["demo/cm-\(index)"] = try await fluxd.get("v1", "ConfigMap", "demo", "cm-\(index)")?.resourceVersion
            }
            // The next commit changes the first 20 and removes the last; applying it is slowed down.
            var next = Manifest.namespace("demo") + "---\n"
            for index in 0..<(count - 1) {
                next += Manifest.configMap("cm-\(index)", namespace: "demo", data: ["generation": index < 20 ? "2" : "1"]) + "---\n"
            }
            try repo.write("demo.yaml", next)
            head = try await repo.commit("generation 2 for the first 20, cm-\(count - 1) removed")
            harness.proxy.set(.delay(.milliseconds(250)))
            try await repo.push()
            let midway = try await fluxd.eventually(timeout: .seconds(60)) {
                let items = try await fluxd.client.listAll(FaultScenario.configMapGVK, namespace: "demo").items
                let updated = items.filter { $0[path: ["data", "generation"]]?.stringValue == "2" }.count
                return updated > 0 && updated < 20
            }
            #expect(midway, "the apply pass was not caught in flight")
            await daemon.stop(signal: SIGKILL)

            harness.proxy.set(.pass)
            daemon = try fluxd.start(["--git-url", repo.fileURL] + Self.loop)
            let converged = try await fluxd.eventually(timeout: .seconds(60)) {
                let items = try await fluxd.client.listAll(FaultScenario.configMapGVK, namespace: "demo").items
                let names = Set(items.compactMap(\.name))
                guard !names.contains("cm-\(count - 1)"), names.isSuperset(of: (0..<(count - 1)).map { "cm-\($0)" }) else { return false }
                guard items.filter({ $0[path: ["data", "generation"]]?.stringValue == "2" }).count == 20 else { return false }
                let tag = try? await repo.runInRemote(["rev-parse", "flux-sync^{commit}"])  // absent: not yet
                return tag?.trimmingCharacters(in: .whitespacesAndNewlines) == head
            }
            #expect(converged, "\(daemon.outputText)")
            #expect(try await FaultScenario.bystandersUntouched(fluxd, untouched), "an object outside the change was modified")
            await daemon.stop()
        }
    }

    @Test func killDuringCommitAndPushThenRestart() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-kill-git")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("demo.yaml", FaultScenario.manifests(count: 3, generation: 1))
        try repo.write("web.yaml", Manifest.deployment("web", namespace: "demo", image: "nginx:1.25"))
        var head = try await repo.commit("generation 1")
        try await repo.push()
        // Hooks that hold a commit (post-commit, in every repository fluxd's git creates) or a
        // push of a tag or a branch (pre-receive, in the remote) for a while when asked to.
        let control = directory.path
        func hold(_ name: String) -> String {
            "[ -f \(control)/hold-\(name) ] && touch \(control)/in-\(name) && sleep 4"
        }
        let templates = directory.path + "/templates/hooks"
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        let hooks = [
            (templates + "/post-commit", "#!/bin/sh\n\(hold("commit"))\nexit 0\n"),
            (
                repo.remotePath + "/hooks/pre-receive",
                "#!/bin/sh\nrefs=$(cat)\ncase \"$refs\" in *refs/tags/*) \(hold("tag")) ;; esac\n"
                    + "case \"$refs\" in *refs/heads/*) \(hold("branch")) ;; esac\nexit 0\n"
            ),
        ]
        for (path, script) in hooks {
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        func holding(_ name: String, _ on: Bool) throws {
            let path = "\(control)/hold-\(name)"
            if on {
                _ = FileManager.default.createFile(atPath: path, contents: Data())
            } else {
                try? FileManager.default.removeItem(atPath: path)
            }  // absent: fine
            try? FileManager.default.removeItem(atPath: "\(control)/in-\(name)")  // absent: fine
        }
        func reached(_ name: String) async -> Bool {
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(60)
            while clock.now < deadline {
                if FileManager.default.fileExists(atPath: "\(control)/in-\(name)") { return true }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return false
        }
        let token = "kill-token-\(UUID().uuidString)"
        let tokenFile = try directory.write("token", token)
        try await FluxdHarness.withCluster { fluxd in
            let bystanders = try await FaultScenario.createBystanders(fluxd.client)
            func start() throws -> (BackgroundProcess, Fluxctl) {
                let port = try FreePort.find()
                let daemon = try BackgroundProcess(
                    FluxdHarness.fluxdPath,
                    [
                        "--kubeconfig", fluxd.kubeconfig, "--k8s-namespace", "flux", "--listen-metrics", "127.0.0.1:0",
                        "--listen", "127.0.0.1:\(port)", "--api-token-file", tokenFile, "--git-url", repo.fileURL,
                    ] + Self.loop,
                    environment: ["GIT_TEMPLATE_DIR": directory.path + "/templates"])
                return (daemon, Fluxctl(connection: ["--url", "http://127.0.0.1:\(port)", "--token", token]))
            }
            var (daemon, fluxctl) = try start()
            #expect(
                try await fluxd.eventually(timeout: .seconds(60)) {
                    try await FaultScenario.converged(fluxd, repo: repo, head: head, count: 3, generation: 1, bystanders: bystanders)
                }, "\(daemon.outputText)")

            // 1. kill -9 while the sync tag is being pushed.
            try holding("tag", true)
            try repo.write("demo.yaml", FaultScenario.manifests(count: 3, generation: 2))
            head = try await repo.commit("generation 2")
            try await repo.push()
            #expect(await reached("tag"), "\(daemon.outputText)")
            await daemon.stop(signal: SIGKILL)
            try holding("tag", false)
            (daemon, fluxctl) = try start()
            #expect(
                try await fluxd.eventually(timeout: .seconds(60)) {
                    try await FaultScenario.converged(fluxd, repo: repo, head: head, count: 3, generation: 2, bystanders: bystanders)
                }, "\(daemon.outputText)")

            // 2. kill -9 during a commit (fluxctl automate), 3. during its push (fluxctl deautomate).
            for (command, subject, hook) in [
                ("automate", "Automated: demo:deployment/web", "commit"), ("deautomate", "Deautomated: demo:deployment/web", "branch"),
            ] {
                try holding(hook, true)
                let request = try BackgroundProcess(Fluxctl.path, [command] + fluxctl.connection + ["-w", "demo:deployment/web"])
                #expect(await reached(hook), "\(command): \(daemon.outputText)\n\(request.outputText)")
                await daemon.stop(signal: SIGKILL)
                _ = await request.waitForExit(timeout: .seconds(30))
                try holding(hook, false)
                // A push already handed to git may still land: let it finish before counting.
                try await Task.sleep(for: .seconds(5))
                (daemon, fluxctl) = try start()
                _ = await daemon.waitForOutput("sync succeeded", timeout: .seconds(60))
                // The user retries; the result is one commit, whether or not the first one landed.
                let retry = try await fluxctl.run([command, "-w", "demo:deployment/web"])
                #expect(retry.exitCode == 0, "\(retry.output)")
                let subjects = try await repo.runInRemote(["log", "--format=%s", repo.branch]).split(separator: "\n")
                #expect(subjects.filter { $0 == Substring(subject) }.count == 1, "\(subjects)")
            }
            head = try await repo.runInRemote(["rev-parse", repo.branch]).trimmingCharacters(in: .whitespacesAndNewlines)
            let settled = try await fluxd.eventually(timeout: .seconds(60)) {
                let web = try await fluxd.get("apps/v1", "Deployment", "demo", "web")
                let tag = try? await repo.runInRemote(["rev-parse", "flux-sync^{commit}"])  // absent: not yet
                return web?.annotations["fluxcd.io/automated"] == nil && tag?.trimmingCharacters(in: .whitespacesAndNewlines) == head
            }
            #expect(settled, "\(daemon.outputText)")
            #expect(try await FaultScenario.bystandersUntouched(fluxd, bystanders))
            await daemon.stop()
        }
    }
}

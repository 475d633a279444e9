import CommandRunner
import FluxAPI
import Foundation
import KubernetesModel
import TestSupport
import Testing

/// fluxctl against a running fluxd: the API behind its token, every command, git history
/// (message, author, diff) and the cluster checked after each step. The repository is served
/// over SSH by a loopback sshd; the cluster is the embedded one.
@Suite(.serialized) struct FluxctlTests {
    static let web = """
        # the web tier
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web   # keep this comment
          namespace: demo
        spec:
          replicas: 1
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: main
                  image: "localhost:5000/web:1.0"   # quoted on purpose
              initContainers:
                - name: migrate
                  image: localhost:5000/tools:3.0

        """
    static let worker = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: worker
          namespace: demo
          annotations:
            fluxcd.io/locked: "true"
        spec:
          selector:
            matchLabels: {app: worker}
          template:
            metadata:
              labels: {app: worker}
            spec:
              containers:
              - name: main
                image: localhost:5000/web:1.0

        """

    @Test func everyCommandAgainstARunningDaemon() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-fluxctl")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("apps/namespace.yaml", Manifest.namespace("demo"))
        try repo.write("apps/web.yaml", Self.web)
        try repo.write("apps/worker.yaml", Self.worker)
        _ = try await repo.commit("initial")
        try await repo.push()

        // The deploy key is known in advance: the Secret holds it and sshd authorizes it.
        let keyPath = directory.path + "/identity"
        let keygen = try await Command.run(
            "ssh-keygen", arguments: ["-q", "-t", "ed25519", "-N", "", "-C", "flux", "-f", keyPath], timeout: .seconds(30))
        #expect(keygen.succeeded)
        let privateKey = try String(contentsOfFile: keyPath, encoding: .utf8)
        let publicKey = try String(contentsOfFile: keyPath + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let token = "e2e-token-0123456789abcdef"
        let tokenFile = try directory.write("token", token + "\n")

        try await SSHGitServer.run(authorizedKeys: [publicKey]) { server in
            let knownHosts = try directory.write("known_hosts", server.knownHostsLine + "\n")
            try await FluxdHarness.withCluster(controllers: .milliseconds(200)) { cluster in
                _ = try await cluster.client.create([
                    "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                    "metadata": ["name": "flux-git-deploy", "namespace": "flux"],
                    "data": ["identity": .string(Data(privateKey.utf8).base64EncodedString())],
                ])
                let fluxd = try cluster.start([
                    "--git-url", server.url(forRepository: repo.remotePath), "--git-branch", repo.branch,
                    "--git-known-hosts", knownHosts, "--git-path", "apps", "--listen", "127.0.0.1:0",
                    "--api-token-file", tokenFile, "--git-user", "Flux Bot", "--git-email", "flux@example.com",
                    "--git-set-author", "--sync-interval", "1h", "--git-poll-interval", "1h",
                ])
                defer { _ = fluxd }
                #expect(await fluxd.waitForOutput("fluxd API listening on", timeout: .seconds(60)), "\(fluxd.outputText)")
                let port = try #require(Self.apiPort(fluxd.outputText))
                let url = "http://127.0.0.1:\(port)"
                let fluxctl = Fluxctl(connection: ["--url", url, "--token", token])

                try await Self.authentication(url: url, token: token, repo: repo)
                try await Self.syncIdentityAndListings(fluxctl, cluster: cluster, publicKey: publicKey, repo: repo)
                try await Self.policies(fluxctl, cluster: cluster, repo: repo)
                try await Self.releases(fluxctl, cluster: cluster, repo: repo)
                try await Self.badRequests(fluxctl, repo: repo)
                try await Self.save(fluxctl, directory: directory)
                try await Self.throughTheKubernetesAPI(cluster: cluster, port: port, token: token)
                try await Self.regenerateIdentity(fluxctl, cluster: cluster, publicKey: publicKey)
                _ = await fluxd.stop()
            }
        }
    }

    static func apiPort(_ output: String) -> Int? {
        guard let range = output.range(of: "fluxd API listening on ") else { return nil }
        let rest = output[range.upperBound...].prefix { $0 != "\n" }
        return rest.split(separator: ":").last.flatMap { Int($0) }
    }

    /// No token or a wrong one: 401 and nothing changes, for reads and writes alike.
    static func authentication(url: String, token: String, repo: GitFixture) async throws {
        let head = try await repo.runInRemote(["rev-parse", "HEAD"])
        for connection in [["--url", url], ["--url", url, "--token", "wrong-token-wrong-token"]] {
            let fluxctl = Fluxctl(connection: connection)
            var result = try await fluxctl.run(["list-workloads", "-a"])
            #expect(result.exitCode != 0)
            #expect(result.standardError.contains("401"), "\(result.output)")
            result = try await fluxctl.run(["automate", "-w", "demo:deployment/web"])
            #expect(result.exitCode != 0)
            #expect(result.standardError.contains("401"), "\(result.output)")
        }
        #expect(try await repo.runInRemote(["rev-parse", "HEAD"]) == head)
        // Flux v1's short forms, before the command, and its environment variables.
        let short = try await Fluxctl(connection: []).run(["-u", url, "-t", token, "--timeout", "30s", "list-workloads", "-a"])
        #expect(short.exitCode == 0, "\(short.output)")
        let serviceToken = try await Fluxctl(
            connection: [], environment: ["FLUX_URL": url, "FLUX_SERVICE_TOKEN": token, "FLUX_TIMEOUT": "30s"]
        ).run(["list-workloads", "-a"])
        #expect(serviceToken.exitCode == 0, "\(serviceToken.output)")
        // The token also works from the environment.
        let fromEnvironment = Fluxctl(connection: [], environment: ["FLUX_URL": url, "FLUX_TOKEN": token])
        let version = try await fromEnvironment.run(["version"])
        #expect(version.exitCode == 0, "\(version.output)")
        #expect(version.standardOutput.contains("client: \(SwiftFluxVersion.current)"))
        #expect(version.standardOutput.contains("server: \(SwiftFluxVersion.current)"))
        // fluxd unreachable: a clear message, within the timeout.
        let closed = 1  // nothing listens on the privileged tcpmux port, and no parallel test can take it
        let unreachable = try await Fluxctl(connection: ["--url", "http://127.0.0.1:\(closed)", "--timeout", "5s"])
            .run(["list-workloads"])
        #expect(unreachable.exitCode != 0)
        #expect(unreachable.standardError.contains("cannot reach fluxd at http://127.0.0.1:\(closed)"), "\(unreachable.output)")
    }

    static func syncIdentityAndListings(
        _ fluxctl: Fluxctl, cluster: FluxdHarness, publicKey: String, repo: GitFixture
    ) async throws {
        let head = try await repo.runInRemote(["rev-parse", "HEAD"]).trimmingWhitespace()
        let sync = try await fluxctl.run(["sync"])
        #expect(sync.exitCode == 0, "\(sync.output)")
        // Flux v1's lines, on stderr as in Flux v1.
        #expect(sync.standardError.contains("Synchronizing with "), "\(sync.output)")
        #expect(
            sync.standardError.contains(" to apply is \(head.prefix(7))\nWaiting for \(head.prefix(7)) to be applied ...\n"),
            "\(sync.output)")
        #expect(sync.standardError.hasSuffix("Done.\n"), "\(sync.output)")
        #expect(try await cluster.get("apps/v1", "Deployment", "demo", "web") != nil)

        let identity = try await fluxctl.run(["identity"])
        #expect(identity.standardOutput.trimmingWhitespace() == publicKey)
        let fingerprint = try await fluxctl.run(["identity", "-l"])
        #expect(fingerprint.standardOutput.hasPrefix("SHA256:"), "\(fingerprint.output)")
        let visual = try await fluxctl.run(["identity", "-v"])
        #expect(visual.standardOutput.contains("+---"), "\(visual.output)")

        let list = try await fluxctl.run(["list-workloads", "-n", "demo"])
        #expect(list.exitCode == 0, "\(list.output)")
        let lines = list.standardOutput.split(separator: "\n").map(String.init)
        #expect(
            lines.first?.hasPrefix("WORKLOAD") == true && lines.first?.contains("POLICY") == true
                && lines.first?.hasSuffix("HEALTH") == true, "\(list.output)")
        #expect(lines.contains { $0.hasPrefix("demo:deployment/web") && $0.contains("localhost:5000/web:1.0") }, "\(list.output)")
        #expect(lines.contains { $0.contains("migrate") && $0.contains("localhost:5000/tools:3.0") }, "\(list.output)")
        #expect(lines.contains { $0.hasPrefix("demo:deployment/worker") && $0.contains("locked") }, "\(list.output)")
        let noHeaders = try await fluxctl.run(["list-workloads", "-n", "demo", "--no-headers", "-c", "migrate"])
        // -c keeps the workloads having that container, each with all its containers (Flux v1).
        let filtered = noHeaders.standardOutput.split(separator: "\n")
        #expect(filtered.first?.hasPrefix("demo:deployment/web") == true && filtered.count == 2, "\(noHeaders.output)")
        let json = try await fluxctl.run(["list-workloads", "-a", "-o", "json"])
        let decoded = try FluxJSON.decoder().decode([WorkloadStatus].self, from: Data(json.standardOutput.utf8))
        #expect(decoded.map(\.id) == ["demo:deployment/web", "demo:deployment/worker"])
        #expect(try await fluxctl.run(["list-workloads"]).standardOutput.split(separator: "\n").count == 1)

        let images = try await fluxctl.run(["list-images", "-w", "demo:deployment/web"])
        #expect(images.exitCode == 0, "\(images.output)")
        #expect(images.standardOutput.contains("localhost:5000/web"), "\(images.output)")
        #expect(images.standardOutput.contains("'-> 1.0"), "\(images.output)")
    }

    static func lastCommit(_ repo: GitFixture) async throws -> (subject: String, author: String, committer: String, diff: String) {
        let log = try await repo.runInRemote(["log", "-1", "--format=%s%n%an <%ae>%n%cn <%ce>"]).split(separator: "\n")
        let diff = try await repo.runInRemote(["diff", "HEAD~1", "HEAD", "--unified=0"])
        let changed = diff.split(separator: "\n").filter {
            ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---")
        }
        return (String(log[0]), String(log[1]), String(log[2]), changed.joined(separator: "\n"))
    }

    static func policies(_ fluxctl: Fluxctl, cluster: FluxdHarness, repo: GitFixture) async throws {
        var result = try await fluxctl.run(["automate", "-w", "demo:deployment/web", "--user", "Alice <alice@example.com>"])
        #expect(result.exitCode == 0, "\(result.output)")
        var commit = try await lastCommit(repo)
        #expect(commit.subject == "Automated: demo:deployment/web")
        #expect(commit.author == "Alice <alice@example.com>")
        #expect(commit.committer == "Flux Bot <flux@example.com>")
        #expect(commit.diff == "+  annotations:\n+    fluxcd.io/automated: 'true'", "\(commit.diff)")
        let web = try await cluster.get("apps/v1", "Deployment", "demo", "web")
        #expect(web?.annotations["fluxcd.io/automated"] == "true")

        result = try await fluxctl.run(["lock", "-w", "demo:deployment/web", "-m", "hold on", "--user", "Bob <bob@example.com>"])
        #expect(result.exitCode == 0, "\(result.output)")
        commit = try await lastCommit(repo)
        #expect(commit.subject == "hold on")
        #expect(commit.diff.contains("+    fluxcd.io/locked: 'true'"), "\(commit.diff)")
        #expect(commit.diff.contains("fluxcd.io/locked_msg: hold on"), "\(commit.diff)")
        let listed = try await fluxctl.run(["list-workloads", "-n", "demo"])
        #expect(listed.standardOutput.contains("automated,locked"), "\(listed.output)")

        result = try await fluxctl.run(["unlock", "-w", "demo:deployment/web"])
        #expect(result.exitCode == 0, "\(result.output)")
        commit = try await lastCommit(repo)
        #expect(commit.subject == "Unlocked: demo:deployment/web")
        #expect(!commit.diff.contains("+"), "\(commit.diff)")

        result = try await fluxctl.run(["policy", "-w", "demo:deployment/web", "--tag", "main=semver:~1", "--deautomate"])
        #expect(result.exitCode == 0, "\(result.output)")
        commit = try await lastCommit(repo)
        #expect(commit.subject == "Updated policies: demo:deployment/web")
        #expect(commit.diff.contains("+    fluxcd.io/tag.main: semver:~1"), "\(commit.diff)")
        #expect(commit.diff.contains("-    fluxcd.io/automated: 'true'"), "\(commit.diff)")

        // Nothing to change: no commit.
        let head = try await repo.runInRemote(["rev-parse", "HEAD"])
        result = try await fluxctl.run(["deautomate", "-w", "demo:deployment/web"])
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.standardOutput.contains("Nothing to change"), "\(result.output)")
        #expect(try await repo.runInRemote(["rev-parse", "HEAD"]) == head)

        // Invalid tag patterns and missing containers are refused; nothing is committed.
        for arguments in [["--tag", "main=semver:invalid"], ["--tag", "main=regexp:*"], ["--tag-all", "glob:[["]] {
            result = try await fluxctl.run(["policy", "-w", "demo:deployment/web"] + arguments)
            #expect(result.exitCode != 0, "\(arguments): \(result.output)")
            #expect(result.standardError.contains(arguments[1]), "\(arguments): \(result.output)")
        }
        result = try await fluxctl.run(["policy", "-w", "demo:deployment/web", "--tag", "nosuch=glob:*"])
        #expect(result.exitCode != 0, "\(result.output)")
        #expect(result.output.contains("no container \"nosuch\""), "\(result.output)")
        #expect(try await repo.runInRemote(["rev-parse", "HEAD"]) == head)
    }

    static func releases(_ fluxctl: Fluxctl, cluster: FluxdHarness, repo: GitFixture) async throws {
        let head = try await repo.runInRemote(["rev-parse", "HEAD"])
        // -v: skipped workloads are listed too (Flux v1 hides them without it).
        var result = try await fluxctl.run(["release", "--all", "-i", "localhost:5000/web:1.1", "--dry-run", "-v"])
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.standardOutput.contains("main: localhost:5000/web:1.0 -> 1.1"), "\(result.output)")
        #expect(result.standardOutput.contains("demo:deployment/worker"), "\(result.output)")
        #expect(result.standardOutput.contains("locked"), "\(result.output)")
        #expect(try await repo.runInRemote(["rev-parse", "HEAD"]) == head, "a dry run pushes nothing")

        result = try await fluxctl.run(["release", "--all", "-i", "localhost:5000/web:1.1", "--user", "Carol <carol@example.com>"])
        #expect(result.exitCode == 0, "\(result.output)")
        var commit = try await lastCommit(repo)
        #expect(commit.subject == "Release localhost:5000/web:1.1 to demo:deployment/web")
        #expect(commit.author == "Carol <carol@example.com>")
        #expect(
            commit.diff
                == "-          image: \"localhost:5000/web:1.0\"   # quoted on purpose\n+          image: \"localhost:5000/web:1.1\"   # quoted on purpose",
            "\(commit.diff)")
        let web = try await cluster.get("apps/v1", "Deployment", "demo", "web")
        #expect(
            web?[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["image"]?.stringValue == "localhost:5000/web:1.1")
        let worker = try await cluster.get("apps/v1", "Deployment", "demo", "worker")
        #expect(
            worker?[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["image"]?.stringValue == "localhost:5000/web:1.0")

        result = try await fluxctl.run(["release", "--workload", "demo:deployment/worker", "-i", "localhost:5000/web:1.1", "-v"])
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.standardOutput.contains("skipped"), "\(result.output)")
        result = try await fluxctl.run([
            "release", "--workload", "demo:deployment/worker", "-i", "localhost:5000/web:1.2", "--force", "-m", "forced release",
            "-w",
        ])
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.standardError.contains("All workloads ready."), "\(result.output)")
        #expect(result.standardOutput.contains("REPLICAS"), "the rollout is shown as Flux v1 showed it: \(result.output)")
        let rolledOut = try await fluxctl.run(["list-workloads", "-n", "demo"])
        #expect(rolledOut.standardOutput.contains("ready 1/1"), "\(rolledOut.output)")
        commit = try await lastCommit(repo)
        #expect(commit.subject == "forced release")
        #expect(commit.diff == "-        image: localhost:5000/web:1.0\n+        image: localhost:5000/web:1.2", "\(commit.diff)")
    }

    /// A bad ID, an unknown workload or one defined in no file in git: a clear error, no commit.
    static func badRequests(_ fluxctl: Fluxctl, repo: GitFixture) async throws {
        let head = try await repo.runInRemote(["rev-parse", "HEAD"])
        var result = try await fluxctl.run(["automate", "-w", "demo:deployment"])
        #expect(result.exitCode != 0)
        #expect(result.standardError.contains("invalid workload ID"), "\(result.output)")
        result = try await fluxctl.run(["automate", "-w", "demo:deployment/ghost"])
        #expect(result.exitCode != 0)
        #expect(result.standardError.contains("demo:deployment/ghost is defined in no manifest"), "\(result.output)")
        result = try await fluxctl.run(["release", "--workload", "demo:deployment/ghost", "-i", "localhost:5000/web:2"])
        #expect(result.exitCode != 0)
        #expect(result.standardError.contains("defined in no manifest"), "\(result.output)")
        result = try await fluxctl.run(["release", "--all", "-i", "localhost:5000/web"])
        #expect(result.exitCode != 0)
        #expect(result.standardError.contains("no tag (to release the tag latest"), "\(result.output)")
        result = try await fluxctl.run(["policy", "-w", "demo:deployment/web"])
        #expect(result.exitCode != 0)
        #expect(try await repo.runInRemote(["rev-parse", "HEAD"]) == head)
    }

    static func save(_ fluxctl: Fluxctl, directory: TemporaryDirectory) async throws {
        let out = directory.path + "/saved"
        let result = try await fluxctl.run(["save", "-o", out])
        #expect(result.exitCode == 0, "\(result.output)")
        let text = try String(contentsOfFile: out + "/demo/web-deployment.yaml", encoding: .utf8)
        #expect(text.contains("image: localhost:5000/web:1.1"), "\(text)")
        for noise in ["status:", "resourceVersion", "uid:", "managedFields", "creationTimestamp", "sync-gc-mark", "sync-checksum"] {
            #expect(!text.contains(noise), "\(noise) in \(text)")
        }
        let stdout = try await fluxctl.run(["save"])
        #expect(stdout.standardOutput.contains("name: worker"), "\(stdout.output)")
    }

    /// Without --url: fluxctl finds fluxd's pod by label through the Kubernetes API and reads
    /// the token from the Secret flux-api-token.
    static func throughTheKubernetesAPI(cluster: FluxdHarness, port: Int, token: String) async throws {
        let fluxctl = Fluxctl(connection: ["--kubeconfig", cluster.kubeconfig, "--k8s-fwd-ns", "flux"])
        var result = try await fluxctl.run(["list-workloads", "-n", "demo"])
        #expect(result.exitCode != 0)
        #expect(result.standardError.contains("no running fluxd pod found"), "\(result.output)")
        #expect(result.standardError.contains("flux: name in (flux,fluxd,weave-flux-agent)"), "\(result.output)")

        _ = try await cluster.client.create([
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": "flux-0", "namespace": "flux", "labels": ["app": "flux", "name": "flux"]],
            "spec": [
                "containers": [
                    ["name": "flux", "image": "fluxd", "ports": [["name": "api", "containerPort": .integer(Int64(port))]]]
                ]
            ],
        ])
        var pod = try #require(try await cluster.get("v1", "Pod", "flux", "flux-0"))
        pod["status"] = [
            "phase": "Running", "podIP": "127.0.0.1",
            "conditions": [["type": "Ready", "status": "True"]],
        ]
        _ = try await cluster.client.updateStatus(pod)
        // No token anywhere yet: fluxd answers 401.
        result = try await fluxctl.run(["list-workloads", "-n", "demo"])
        #expect(result.exitCode != 0)
        #expect(result.standardError.contains("401"), "\(result.output)")
        _ = try await cluster.client.create([
            "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "flux-api-token", "namespace": "flux"],
            "data": ["token": .string(Data(token.utf8).base64EncodedString())],
        ])
        result = try await fluxctl.run(["list-workloads", "-n", "demo"])
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.standardOutput.contains("demo:deployment/web"), "\(result.output)")
        result = try await fluxctl.run(["sync"])
        #expect(result.exitCode == 0, "\(result.output)")

        // Flux v1's ways: global flags before the command, the environment, the deprecated
        // command name, and the second selector (name in (flux, fluxd, weave-flux-agent)).
        let plain = Fluxctl(connection: [])
        result = try await plain.run(
            [
                "--kubeconfig", cluster.kubeconfig, "--k8s-fwd-ns", "flux", "--k8s-fwd-labels", "app=nothing", "list-controllers", "-n",
                "demo",
            ])
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.standardOutput.contains("demo:deployment/web"), "\(result.output)")
        let fromEnvironment = Fluxctl(
            connection: [],
            environment: ["FLUX_FORWARD_NAMESPACE": "flux", "FLUX_FORWARD_LABELS": "app=flux", "KUBECONFIG": cluster.kubeconfig])
        result = try await fromEnvironment.run(["list-workloads", "-a"])
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.standardOutput.contains("demo:deployment/web"), "\(result.output)")
    }

    /// Last, since the git host does not know the new key.
    static func regenerateIdentity(_ fluxctl: Fluxctl, cluster: FluxdHarness, publicKey: String) async throws {
        let result = try await fluxctl.run(["identity", "-r"])
        #expect(result.exitCode == 0, "\(result.output)")
        let regenerated = result.standardOutput.trimmingWhitespace()
        #expect(regenerated.hasPrefix("ssh-ed25519 "), "\(result.output)")
        #expect(regenerated != publicKey)
        #expect(try await fluxctl.run(["identity"]).standardOutput.trimmingWhitespace() == regenerated)
        let secret = try await cluster.get("v1", "Secret", "flux", "flux-git-deploy")
        let stored = secret?[path: ["data", "identity"]]?.stringValue.flatMap { Data(base64Encoded: $0) }
        #expect(stored != nil && String(decoding: stored ?? Data(), as: UTF8.self).contains("OPENSSH PRIVATE KEY"))
    }
}

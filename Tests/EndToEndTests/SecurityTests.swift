import AsyncHTTPClient
import CommandRunner
import FluxAPI
import Foundation
import KubernetesModel
import NIOCore
import TestSupport
import Testing

/// Security checks of the real binaries (issue 16): every API route refuses a missing or wrong
/// token before anything happens, and no credential (API token, git token, registry password)
/// appears in any output a run produces.
@Suite(.serialized) struct SecurityTests {
    /// `GET`/`POST` and a concrete path for each route.
    static func request(for route: APIRoute) -> (method: String, path: String) {
        let parts = route.rawValue.split(separator: " ", maxSplits: 1).map(String.init)
        return (parts[0], parts[1].replacingOccurrences(of: "{id}", with: "job-1"))
    }

    static func send(
        _ http: HTTPClient, port: Int, method: String, path: String, headers: [(String, String)], body: [UInt8]? = nil
    ) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await http.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 4 << 20))
        return (Int(response.status.code), text)
    }

    @Test func everyRouteRefusesMissingOrWrongTokensAndDecodesHostileBodies() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-auth")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("app/web.yaml", Manifest.deployment("web", namespace: "default", image: "nginx:1.25"))
        try await repo.commit("web")
        try await repo.push()
        let token = "api-\(UUID().uuidString)"
        let tokenFile = try directory.write("token", token)
        let port = try FreePort.find()
        try await FluxdHarness.withCluster { fluxd in
            let daemon = try fluxd.start([
                "--git-url", repo.fileURL, "--git-readonly", "--api-token-file", tokenFile, "--listen", "127.0.0.1:\(port)",
                "--git-poll-interval", "1h", "--sync-interval", "1h",
            ])
            #expect(await daemon.waitForOutput("sync succeeded", timeout: .seconds(60)), "\(daemon.outputText)")
            let secretGVK = GroupVersionKind(group: "", version: "v1", kind: "Secret")
            let eventGVK = GroupVersionKind(group: "", version: "v1", kind: "Event")
            let keyBefore = try await fluxd.client.get(secretGVK, namespace: "flux", name: "flux-git-deploy")
            let refsBefore = try await repo.runInRemote(["for-each-ref"])
            let eventsBefore = try await fluxd.client.listAll(eventGVK, namespace: "flux").items.count
            let wrongHeaders: [[(String, String)]] = [
                [], [("Authorization", "Bearer wrong")], [("Authorization", token)], [("Authorization", "Bearer \(token)x")],
                [("Authorization", "Basic " + Data("flux:\(token)".utf8).base64EncodedString())],
                [("X-Flux-Authorization", "Bearer not-\(token)")], [("Authorization", "Bearer " + token.uppercased())],
            ]
            try await HTTPClient.withHTTPClient { http in
                for route in APIRoute.allCases {
                    let (method, path) = Self.request(for: route)
                    for headers in wrongHeaders {
                        let answer = try await Self.send(
                            http, port: port, method: method, path: path, headers: headers, body: method == "POST" ? Array("{}".utf8) : nil)
                        #expect(answer.status == 401, "\(route) with \(headers.map(\.0)): \(answer.status)")
                        #expect(!answer.body.contains(token))
                    }
                }
                // Nothing happened: no key regenerated, no sync, no job.
                let keyAfter = try await fluxd.client.get(secretGVK, namespace: "flux", name: "flux-git-deploy")
                #expect(keyAfter.resourceVersion == keyBefore.resourceVersion)
                #expect(try await fluxd.client.listAll(eventGVK, namespace: "flux").items.count == eventsBefore)
                #expect(!daemon.outputText.contains(token))

                // With the right token, hostile bodies are refused as bad requests, never a 5xx or a crash.
                let good = [("Authorization", "Bearer \(token)")]
                let corpus = [
                    #"{"updates":[{"workload":"default:deployment/web","add":{"automated":"true"},"remove":[]}],"cause":{"user":"u","message":"m"}}"#,
                    #"{"workloads":["default:deployment/web"],"all":false,"image":"nginx:1.26","updateAllImages":false,"exclude":[],"force":false,"dryRun":true}"#,
                ]
                for (index, route) in [APIRoute.policies, .releases].enumerated() {
                    let (method, path) = Self.request(for: route)
                    let fuzzer = Fuzzer(
                        name: "api \(route)", corpus: [corpus[index]],
                        tokens: ["\"", "{", "}", "[", "]", ",", ":", "null", "true", "\\u0000", "default:deployment/", "1e999", "-1"],
                        budget: .fromEnvironment(iterations: 150, seed: UInt64(16 + index)))
                    let report = try await fuzzer.run { bytes in
                        let answer = try await Self.send(http, port: port, method: method, path: path, headers: good, body: bytes)
                        #expect((400..<500).contains(answer.status), "\(route): \(answer.status) \(answer.body)")
                    }
                    #expect(report.inputs > 1)
                }
            }
            #expect(daemon.isRunning, "\(daemon.outputText)")
            let keyAfter = try await fluxd.client.get(secretGVK, namespace: "flux", name: "flux-git-deploy")
            #expect(keyAfter.resourceVersion == keyBefore.resourceVersion)
            #expect(try await repo.runInRemote(["for-each-ref"]) == refsBefore)
            await daemon.stop()
        }
    }

    /// The git token (given in the URL, user name and password), the API token and a registry
    /// password, searched for in everything a run produced: fluxd's log and process arguments,
    /// every object and Event in the cluster, API answers, fluxctl output, the git history, and
    /// the files fluxd wrote.
    @Test func credentialsNeverAppearInAnyOutput() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-secrets")
        defer { directory.remove() }
        let gitUser = "usr\(UUID().uuidString.prefix(12))"
        let gitToken = "pat\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
        let apiToken = "api\(UUID().uuidString)"
        let registryPassword = "reg\(UUID().uuidString)"
        let secrets = [gitUser, gitToken, apiToken, registryPassword]
        try await withRegistryServer(auth: .htpasswd(username: "puller", password: registryPassword)) { registry in
            let layout = try OCIImageLayout(path: directory.path + "/layout")
            _ = try await layout.add(OCITestImage(created: "2024-01-01T00:00:00Z", content: "1.0.0"), tag: "1.0.0")
            try await layout.push(tag: "1.0.0", to: "\(registry.host)/app:1.0.0", credentials: "puller:\(registryPassword)")
            let repo = try await GitFixture.create(in: directory)
            try repo.write("app/web.yaml", Manifest.deployment("web", namespace: "default", image: "\(registry.host)/app:1.0.0"))
            try await repo.commit("web")
            try await repo.push()
            let dockerConfig = try directory.write(
                "docker/config.json",
                #"{"auths":{"\#(registry.host)":{"auth":"\#(Data("puller:\(registryPassword)".utf8).base64EncodedString())"}}}"#)
            let tokenFile = try directory.write("token", apiToken)
            let scratch = directory.path + "/fluxd-tmp"
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            try await HTTPGitServer.run(projectRoot: directory.path, username: gitUser, password: gitToken) { server in
                let url = server.url(forRepository: "remote.git").replacingOccurrences(
                    of: "http://", with: "http://\(gitUser):\(gitToken)@")
                let port = try FreePort.find()
                try await FluxdHarness.withCluster { fluxd in
                    let daemon = try BackgroundProcess(
                        FluxdHarness.fluxdPath,
                        [
                            "--kubeconfig", fluxd.kubeconfig, "--k8s-namespace", "flux", "--listen-metrics", "127.0.0.1:0",
                            "--listen", "127.0.0.1:\(port)", "--git-url", url, "--api-token-file", tokenFile,
                            "--docker-config", dockerConfig, "--registry-insecure-host", registry.host,
                            "--automation-interval", "2s", "--git-poll-interval", "2s", "--state-dir", scratch + "/state",
                        ],
                        environment: ["TMPDIR": scratch])
                    #expect(await daemon.waitForOutput("sync succeeded", timeout: .seconds(90)), "\(daemon.outputText)")
                    var outputs: [(String, String)] = []
                    // The token was erased from fluxd's own command line.
                    let cmdline = FileManager.default.contents(atPath: "/proc/\(daemon.processIdentifier)/cmdline") ?? Data()
                    outputs.append(("process arguments", String(decoding: cmdline, as: UTF8.self)))
                    #expect(String(decoding: cmdline, as: UTF8.self).contains("--git-url"))

                    // fluxctl and the API, with the token; the image scan sees the private registry.
                    let fluxctl = Fluxctl(connection: ["--url", "http://127.0.0.1:\(port)", "--token", apiToken])
                    let scanned = try await fluxd.eventually(timeout: .seconds(60)) {
                        let images = try await fluxctl.run(["list-images", "-w", "default:deployment/web"])
                        outputs.append(("fluxctl list-images", images.standardOutput + images.standardError))
                        return images.standardOutput.contains("1.0.0") && !images.standardOutput.contains("image data not available")
                    }
                    #expect(scanned, "\(daemon.outputText)")
                    for command in [
                        ["sync"], ["list-workloads", "-a"], ["save"], ["identity"], ["automate", "-w", "default:deployment/web"],
                    ] {
                        let result = try await fluxctl.run(command)
                        #expect(result.exitCode == 0, "\(command): \(result.output)")
                        outputs.append(("fluxctl \(command)", result.standardOutput + result.standardError))
                    }
                    // A failing fetch (the repository moved away) is reported without credentials.
                    try FileManager.default.moveItem(atPath: repo.remotePath, toPath: repo.remotePath + ".moved")
                    #expect(await daemon.waitForOutput("git fetch failed", timeout: .seconds(30)))
                    try FileManager.default.moveItem(atPath: repo.remotePath + ".moved", toPath: repo.remotePath)

                    // Every object and Event in the cluster (fluxd's own Secrets hold only its key).
                    for (version, kind) in [
                        ("v1", "ConfigMap"), ("v1", "Event"), ("v1", "Secret"), ("apps/v1", "Deployment"), ("v1", "Namespace"),
                    ] {
                        let gvk = GroupVersionKind(apiVersion: version, kind: kind)
                        let items = try await fluxd.client.listAll(gvk, namespace: nil).items
                        outputs.append(("\(kind) objects", items.map { $0.serialized() }.joined(separator: "\n")))
                        if kind == "Secret" {
                            // Decoded too: a credential stored base64 is still a credential.
                            let decoded = items.flatMap { ($0["data"]?.objectValue ?? JSONObject()).map { $0.value.stringValue ?? "" } }
                                .compactMap { Data(base64Encoded: $0).map { String(decoding: $0, as: UTF8.self) } }
                            outputs.append(("Secret data", decoded.joined(separator: "\n")))
                        }
                    }
                    // The git history (commit messages, tags) fluxd pushed.
                    outputs.append(("git history", try await repo.runInRemote(["log", "-p", "--all", "--format=%H %an %ae %s %b"])))
                    outputs.append(("git tags", try await repo.runInRemote(["tag", "-n99"])))
                    // Files fluxd wrote (its mirror's .git/config, scan cache, askpass helper).
                    outputs.append(("fluxd files", Self.contents(of: scratch)))
                    await daemon.stop()
                    outputs.append(("fluxd log", daemon.outputText))

                    #expect(try await repo.runInRemote(["log", "-1", "--format=%s"]).contains("default:deployment/web"))
                    for (name, text) in outputs {
                        for secret in secrets {
                            #expect(!text.contains(secret), "a credential appears in \(name)")
                        }
                    }
                }
            }
        }
    }

    /// Every regular file under `path`, concatenated (binary files included, as text).
    static func contents(of path: String) -> String {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return "" }
        var text = ""
        for case let relative as String in enumerator {
            let full = "\(path)/\(relative)"
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: full)
            else { continue }
            text += String(decoding: data, as: UTF8.self) + "\n"
        }
        return text
    }

    func withRegistryServer<T>(auth: RegistryServer.Auth, _ body: (RegistryServer) async throws -> T) async throws -> T {
        let server = try await RegistryServer.start(auth: auth)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}

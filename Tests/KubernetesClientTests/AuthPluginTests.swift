import Foundation
import KubernetesModel
import TestSupport
import Testing

@testable import KubernetesClient

@Suite struct ExecPluginTests {
    /// A plugin that counts its runs, records KUBERNETES_EXEC_INFO, and returns a token
    /// `tok-N` valid for `lifetime` seconds.
    static func writePlugin(in dir: TemporaryDirectory, lifetime: Int) throws -> String {
        let path = try dir.write(
            "plugin.sh",
            """
            #!/bin/sh
            count_file="\(dir.path)/count"
            n=$(( $(cat "$count_file" 2>/dev/null || echo 0) + 1 ))
            echo "$n" > "$count_file"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "\(dir.path)/exec-info.json"
            printf '%s' "$PLUGIN_GREETING" > "\(dir.path)/env.txt"
            exp=$(date -u -d "+\(lifetime) seconds" +%Y-%m-%dT%H:%M:%SZ)
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok-%s","expirationTimestamp":"%s"}}' "$n" "$exp"

            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    static func runs(_ dir: TemporaryDirectory) throws -> Int {
        Int(try String(contentsOfFile: "\(dir.path)/count", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func cachesTheCredentialUntilItExpiresThenRunsThePluginAgain() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // Long enough that a loaded machine still sends the first six requests before expiry.
        _ = try Self.writePlugin(in: dir, lifetime: 10)
        try await TestAPIServer.with(
            handler: { entry, _ in
                guard entry.header("authorization")?.hasPrefix("Bearer tok-") == true else {
                    return .status(Status(message: "Unauthorized", reason: "Unauthorized", code: 401))
                }
                return .json(versionBody)
            },
            { url, log in
                // Loaded from a kubeconfig: the relative command resolves against its directory.
                let kubeconfig = try dir.write(
                    "config",
                    """
                    apiVersion: v1
                    kind: Config
                    current-context: ctx
                    clusters: [{name: c, cluster: {server: "\(url)"}}]
                    contexts: [{name: ctx, context: {cluster: c, user: u}}]
                    users:
                    - name: u
                      user:
                        exec:
                          apiVersion: client.authentication.k8s.io/v1
                          command: ./plugin.sh
                          env: [{name: PLUGIN_GREETING, value: hello}]
                          interactiveMode: IfAvailable
                          provideClusterInfo: true
                    """)
                var configuration = try KubeConfig.load(kubeconfigPath: kubeconfig, environment: [:])
                configuration.qps = 0
                try await withTestClient(configuration) { client in
                    // Concurrent first requests share one plugin run.
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for _ in 0..<5 { group.addTask { _ = try await client.serverVersion() } }
                        try await group.waitForAll()
                    }
                    _ = try await client.serverVersion()
                    #expect(try Self.runs(dir) == 1)
                    try await Task.sleep(for: .milliseconds(10_500))
                    _ = try await client.serverVersion()
                    #expect(try Self.runs(dir) == 2)
                }
                let sent = await log.entries.map { $0.header("authorization") ?? "" }
                #expect(sent.prefix(6).allSatisfy { $0 == "Bearer tok-1" })
                #expect(sent.last == "Bearer tok-2")
                let info = try JSONValue(parsing: try String(contentsOfFile: "\(dir.path)/exec-info.json", encoding: .utf8))
                #expect(info["kind"] == "ExecCredential")
                #expect(info["apiVersion"] == "client.authentication.k8s.io/v1")
                #expect(info[path: ["spec", "interactive"]] == false)
                #expect(info[path: ["spec", "cluster", "server"]]?.stringValue == url)
                #expect(try String(contentsOfFile: "\(dir.path)/env.txt", encoding: .utf8) == "hello")
            })
    }

    @Test func a401RunsThePluginAgainEvenBeforeExpiry() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let plugin = try Self.writePlugin(in: dir, lifetime: 3600)
        try await TestAPIServer.with(
            handler: { entry, _ in
                // Only the second token is accepted: the first looks revoked.
                guard entry.header("authorization") == "Bearer tok-2" else {
                    return .status(Status(message: "Unauthorized", reason: "Unauthorized", code: 401))
                }
                return .json(versionBody)
            },
            { url, _ in
                let exec = ExecConfig(command: plugin)
                try await withTestClient(testConfiguration(url, credentials: .exec(exec, clusterInfo: nil))) { client in
                    _ = try await client.serverVersion()
                    #expect(try Self.runs(dir) == 2)
                }
            })
    }

    @Test func pluginFailuresAreReported() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let failing = try dir.write("fail.sh", "#!/bin/sh\necho 'no credentials for you' >&2\nexit 3\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: failing)
        var wrongVersionConfig = ExecConfig(command: "/bin/sh")
        wrongVersionConfig.args = [
            "-c", #"echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"x"}}'"#,
        ]
        let wrongVersion = wrongVersionConfig
        try await TestAPIServer.with(
            handler: { _, _ in .json(versionBody) },
            { url, log in
                try await withTestClient(testConfiguration(url, credentials: .exec(ExecConfig(command: failing), clusterInfo: nil))) {
                    client in
                    let error = await #expect(throws: KubernetesError.self) { try await client.serverVersion() }
                    #expect(error?.code == .authentication)
                    #expect(error?.message.contains("no credentials for you") == true)
                }
                try await withTestClient(testConfiguration(url, credentials: .exec(wrongVersion, clusterInfo: nil))) { client in
                    let error = await #expect(throws: KubernetesError.self) { try await client.serverVersion() }
                    #expect(error?.message.contains("plugin returned version client.authentication.k8s.io/v1beta1") == true)
                }
                #expect(await log.count == 0)
            })
    }
}

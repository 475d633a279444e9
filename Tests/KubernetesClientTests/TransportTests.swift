import Foundation
import HTTPTypes
import Hummingbird
import KubernetesModel
import TestSupport
import Testing

@testable import KubernetesClient

@Suite struct TransportTests {
    @Test func retriesAfter429HonouringRetryAfter() async throws {
        try await TestAPIServer.with(
            handler: { _, number in
                if number == 1 {
                    return .status(
                        Status(message: "too many requests, please try again later", reason: "TooManyRequests", code: 429),
                        headers: [HTTPField.Name("Retry-After")!: "1"])
                }
                return .json(versionBody)
            },
            { url, log in
                let start = ContinuousClock.now
                let version = try await withTestClient(testConfiguration(url)) { try await $0.serverVersion() }
                #expect(version.gitVersion == "v1.37.0")
                #expect(await log.count == 2)
                #expect(ContinuousClock.now - start >= .milliseconds(950))
            })
    }

    @Test func theClientSideRateLimitSpacesRequests() async throws {
        try await TestAPIServer.with(
            handler: { _, _ in .json(versionBody) },
            { url, log in
                var configuration = testConfiguration(url)
                configuration.qps = 10
                configuration.burst = 2
                let start = ContinuousClock.now
                try await withTestClient(configuration) { client in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for _ in 0..<6 { group.addTask { _ = try await client.serverVersion() } }
                        try await group.waitForAll()
                    }
                }
                // Two from the burst, then four more at 100 ms each.
                #expect(ContinuousClock.now - start >= .milliseconds(390))
                #expect(await log.count == 6)
            })
    }

    @Test func retries503ForReadsAndGivesUpAfterTheBound() async throws {
        try await TestAPIServer.with(
            handler: { entry, number in
                if entry.path == "/version" && number <= 2 {
                    return .status(Status(message: "unavailable", reason: "ServiceUnavailable", code: 503))
                }
                if entry.path == "/version" { return .json(versionBody) }
                return .status(Status(message: "always down", reason: "ServiceUnavailable", code: 503))
            },
            { url, log in
                try await withTestClient(testConfiguration(url)) { client in
                    let version = try await client.serverVersion()
                    #expect(version.minor == "37")
                    #expect(await log.count == 3)
                    let error = await #expect(throws: KubernetesError.self) {
                        try await client.raw(method: "GET", path: "/api")
                    }
                    #expect(error?.httpStatus == 503)
                    #expect(error?.message == "always down")
                    // One attempt plus maxRetries.
                    #expect(await log.count == 3 + 4)
                }
            })
    }

    @Test func writesAreNotRetriedOn500WithoutRetryAfter() async throws {
        try await TestAPIServer.with(
            handler: { _, _ in
                .status(Status(message: "etcd hiccup", reason: "InternalError", code: 500))
            },
            { url, log in
                try await withTestClient(testConfiguration(url)) { client in
                    let error = await #expect(throws: KubernetesError.self) {
                        try await client.raw(method: "POST", path: "/api/v1/namespaces", body: ["kind": "Namespace"])
                    }
                    #expect(error?.reason == "InternalError")
                    #expect(await log.count == 1)
                }
            })
    }

    @Test func connectionResetsAreRetriedForReadsOnly() async throws {
        let server = try await ResettingServer(failures: 2)
        try await withTestClient(testConfiguration("http://127.0.0.1:\(server.port)")) { client in
            let value = try await client.raw(method: "GET", path: "/version")
            #expect(value["kind"]?.stringValue == "Ok")
            #expect(server.requests.withLockedValue { $0 } == 3)
        }
        try await server.close()

        let writes = try await ResettingServer(failures: 1)
        try await withTestClient(testConfiguration("http://127.0.0.1:\(writes.port)")) { client in
            let error = await #expect(throws: KubernetesError.self) {
                try await client.raw(method: "POST", path: "/api/v1/namespaces", body: ["kind": "Namespace"])
            }
            #expect(error?.code == .transport)
            #expect(writes.requests.withLockedValue { $0 } == 1)
        }
        try await writes.close()
    }

    @Test func bearerAndBasicCredentials() async throws {
        try await TestAPIServer.with(
            handler: { _, _ in .json(versionBody) },
            { url, log in
                _ = try await withTestClient(testConfiguration(url, credentials: .bearerToken("s3cret"))) { try await $0.serverVersion() }
                _ = try await withTestClient(testConfiguration(url, credentials: .basic(username: "admin", password: "pw"))) {
                    try await $0.serverVersion()
                }
                let entries = await log.entries
                #expect(entries[0].header("authorization") == "Bearer s3cret")
                #expect(entries[1].header("authorization") == "Basic \(Data("admin:pw".utf8).base64EncodedString())")
                #expect(entries[0].header("user-agent") == "swiftflux")
            })
    }

    @Test func tokenFileIsReReadWhenTheServerRejectsARotatedToken() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let tokenPath = try dir.write("token", "old-token\n")
        try await TestAPIServer.with(
            handler: { entry, _ in
                let current = try String(contentsOfFile: tokenPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                guard entry.header("authorization") == "Bearer \(current)" else {
                    return .status(Status(message: "Unauthorized", reason: "Unauthorized", code: 401))
                }
                return .json(versionBody)
            },
            { url, log in
                let credentials = Credentials.tokenFile(path: tokenPath, refreshInterval: .seconds(3600))
                try await withTestClient(testConfiguration(url, credentials: credentials)) { client in
                    _ = try await client.serverVersion()
                    try dir.write("token", "new-token\n")
                    _ = try await client.serverVersion()
                    _ = try await client.serverVersion()
                }
                let sent = await log.entries.map { $0.header("authorization") ?? "" }
                #expect(sent == ["Bearer old-token", "Bearer old-token", "Bearer new-token", "Bearer new-token"])
            })
    }

    @Test func inClusterTokenRotationIsPickedUpAfterTheRefreshInterval() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("token", "first")
        try dir.write("ca.crt", KubeConfigTests.caPEM)
        try await TestAPIServer.with(
            handler: { _, _ in .json(versionBody) },
            { url, log in
                var configuration = try ClusterConfiguration.inCluster(
                    directory: dir.path, environment: ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": "1"],
                    tokenRefreshInterval: .seconds(2))
                configuration.server = url  // the test server speaks plain HTTP
                let clock = ContinuousClock()
                let started = clock.now
                var secondCallAfter = Duration.zero
                try await withTestClient(configuration) { client in
                    _ = try await client.serverVersion()
                    try dir.write("token", "second")
                    _ = try await client.serverVersion()
                    secondCallAfter = clock.now - started
                    try await Task.sleep(for: .milliseconds(2200))
                    _ = try await client.serverVersion()
                }
                let sent = await log.entries.map { $0.header("authorization") ?? "" }
                #expect(sent.count == 3)
                #expect(sent.first == "Bearer first")
                // Within the refresh interval the cached token is still used (a loaded machine may
                // take longer than that between the calls; then either token is right).
                if secondCallAfter < .seconds(2) { #expect(sent.dropFirst().first == "Bearer first") }
                #expect(sent.last == "Bearer second")
            })
    }
}

@Suite struct ConnectFailureTests {
    @Test func refusedConnectionsAreRetriedThenReported() async throws {
        // Port 1 (tcpmux, privileged): nothing listens there, and unlike a port freed by a closed
        // server, no parallel test can bind it meanwhile.
        try await withTestClient(testConfiguration("http://127.0.0.1:1")) { client in
            let error = await #expect(throws: KubernetesError.self) {
                try await client.raw(method: "POST", path: "/api/v1/namespaces", body: ["kind": "Namespace"])
            }
            #expect(error?.code == .transport)
            #expect(error?.verb == "POST")
        }
    }
}

@Suite struct ProxyTests {
    @Test func requestsTunnelThroughTheConfiguredProxy() async throws {
        // The cluster's host does not resolve: only the proxy can answer.
        let proxy = try await ConnectProxy(body: versionBody.serialized())
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let kubeconfig = try dir.write(
            "config",
            """
            apiVersion: v1
            kind: Config
            current-context: ctx
            clusters: [{name: c, cluster: {server: "http://cluster.invalid:6443", proxy-url: "http://127.0.0.1:\(proxy.port)"}}]
            contexts: [{name: ctx, context: {cluster: c, user: u}}]
            users: [{name: u, user: {token: t}}]
            """)
        var configuration = try KubeConfig.load(kubeconfigPath: kubeconfig, environment: [:])
        configuration.retry = .none
        configuration.requestTimeout = .seconds(10)
        let version = try await withTestClient(configuration) { client in try await client.serverVersion() }
        #expect(version.gitVersion == "v1.37.0")
        #expect(proxy.connectTargets.withLockedValue { $0 } == ["cluster.invalid:6443"])
        try await proxy.close()
    }
}

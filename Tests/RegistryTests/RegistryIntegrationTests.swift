import Foundation
import KubernetesModel
import Registry
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(5)), .serialized) struct RegistryIntegrationTests {
    @Test func tagsWithCreationTimes() async throws {
        try await withRegistry { server async throws in
            try await push(
                [
                    ("1.0.0", "2024-01-01T10:00:00Z"), ("1.1.0", "2024-03-01T10:00:00.123456789Z"),
                    ("master-abc", "2024-02-01T10:00:00+02:00"),
                ],
                to: server.host, repository: "team/app")
            try await RegistryClient.withClient(options: options(insecure: server.host), logger: testLogger) { client async throws in
                let app = try image("\(server.host)/team/app:1.0.0")
                let listed = try await client.tags(of: app)
                #expect(listed.sorted() == ["1.0.0", "1.1.0", "master-abc"])
                let metadata = try await client.metadata(of: app, tag: "1.1.0")
                #expect(metadata.digest.hasPrefix("sha256:"))
                #expect(metadata.platform == .linuxAMD64)
                let created = try #require(metadata.created)
                #expect(abs(created.timeIntervalSince1970 - 1_709_287_200.123456789) < 0.001)
                let headDigest = try await client.digest(of: app, tag: "1.1.0")
                #expect(headDigest == metadata.digest)

                let scanner = Scanner(client: client, cache: ImageCache(path: nil), logger: testLogger)
                let results = await scanner.scan([ScanTarget(image: app, needsMetadata: true)])
                let scan = try #require(results["\(server.host)/team/app"])
                #expect(scan.error == nil)
                #expect(scan.tagErrors.isEmpty)
                #expect(Set(scan.newTags) == ["1.0.0", "1.1.0", "master-abc"])
                let byTag = Dictionary(uniqueKeysWithValues: scan.tags.map { ($0.tag, $0) })
                #expect(byTag["master-abc"]?.created == date("2024-02-01T08:00:00Z"))
                #expect(byTag["1.0.0"]?.created == date("2024-01-01T10:00:00Z"))
                let newest = scan.tags.max { ($0.created ?? .distantPast) < ($1.created ?? .distantPast) }
                #expect(newest?.tag == "1.1.0")
            }
        }
    }

    @Test func multiArchIndexUsesTheConfiguredPlatform() async throws {
        try await withRegistry { server async throws in
            let directory = try TemporaryDirectory(prefix: "oci")
            defer { directory.remove() }
            let layout = try OCIImageLayout(path: directory.path + "/layout")
            let indexDigest = try await layout.addIndex(
                [
                    OCITestImage(created: "2024-04-01T00:00:00Z", architecture: "amd64", content: "x86"),
                    OCITestImage(created: "2024-06-01T00:00:00Z", architecture: "arm64", content: "arm"),
                ], tag: "multi")
            try await layout.push(tag: "multi", to: "\(server.host)/multi:multi")
            let app = try image("\(server.host)/multi")
            try await RegistryClient.withClient(options: options(insecure: server.host), logger: testLogger) { client async throws in
                let metadata = try await client.metadata(of: app, tag: "multi")
                #expect(metadata.digest == indexDigest)
                #expect(metadata.platform == .linuxAMD64)
                #expect(metadata.created == date("2024-04-01T00:00:00Z"))
            }
            var armOptions = options(insecure: server.host)
            armOptions.platform = Platform(os: "linux", architecture: "arm64")
            try await RegistryClient.withClient(options: armOptions, logger: testLogger) { client async throws in
                let metadata = try await client.metadata(of: app, tag: "multi")
                #expect(metadata.platform?.architecture == "arm64")
                #expect(metadata.created == date("2024-06-01T00:00:00Z"))
            }
            var s390 = options(insecure: server.host)
            s390.platform = Platform(os: "linux", architecture: "s390x")
            try await RegistryClient.withClient(options: s390, logger: testLogger) { client async throws in
                let metadata = try await client.metadata(of: app, tag: "multi")
                #expect(metadata.created == nil)
                #expect(metadata.platform == nil)
            }
        }
    }

    /// distribution 2.8 ignores `n` for tag lists (tag pagination arrived in v3), so the proxy
    /// pages the real registry's answer the way v3 and Docker Hub do (`?n=&last=`, `Link`).
    @Test func paginationFollowsLinkHeaders() async throws {
        try await withRegistry { server async throws in
            let tags = (1...7).map { String(format: "v%02d", $0) }
            try await push(tags.map { ($0, "2024-01-01T00:00:00Z") }, to: server.host, repository: "paged")
            try await RegistryProxy.withProxy(upstream: server.host) { proxy async throws in
                var paged = options(insecure: proxy.host)
                paged.tagPageSize = 3
                try await RegistryClient.withClient(options: paged, logger: testLogger) { client async throws in
                    let listed = try await client.tags(of: try image("\(proxy.host)/paged"))
                    #expect(listed == tags)
                }
                let listRequests = await proxy.state.requests.filter { $0.contains("/tags/list") }
                #expect(listRequests.count == 3)
                #expect(listRequests.first == "GET /v2/paged/tags/list?n=3")
                #expect(listRequests.dropFirst().allSatisfy { $0.contains("last=") })
            }
        }
    }

    @Test func basicAuthWithHtpasswd() async throws {
        try await withRegistry(auth: .htpasswd(username: "flux", password: "s3cret")) { server async throws in
            try await push([("1.0", "2024-01-01T00:00:00Z")], to: server.host, repository: "private", credentials: "flux:s3cret")
            let app = try image("\(server.host)/private")
            var good = options(insecure: server.host)
            good.keychain = Keychain([server.host: RegistryCredential(username: "flux", password: "s3cret")])
            try await RegistryClient.withClient(options: good, logger: testLogger) { client async throws in
                #expect(try await client.tags(of: app) == ["1.0"])
                #expect(try await client.metadata(of: app, tag: "1.0").created == date("2024-01-01T00:00:00Z"))
            }
            try await RegistryClient.withClient(options: options(insecure: server.host), logger: testLogger) { client async throws in
                await #expect {
                    _ = try await client.tags(of: app)
                } throws: { error in
                    (error as? RegistryError)?.code == .unauthorized && (error as? RegistryError)?.status == 401
                }
                // Credentials from a pull secret given with the target win over (missing) defaults.
                let secretKeychain = Keychain([server.host: RegistryCredential(username: "flux", password: "s3cret")])
                #expect(try await client.tags(of: app, keychain: secretKeychain) == ["1.0"])
                let wrong = Keychain([server.host: RegistryCredential(username: "flux", password: "nope")])
                await #expect(throws: RegistryError.self) { try await client.tags(of: app, keychain: wrong) }
            }
        }
    }

    @Test func bearerTokenChallengeFlowIsCached() async throws {
        try await withRegistry { server async throws in
            try await push([("2.0", "2024-05-05T05:05:05Z")], to: server.host, repository: "app")
            try await RegistryProxy.withProxy(upstream: server.host) { proxy async throws in
                await proxy.state.requireBearer(username: "robot", password: "tok", expiresIn: 300)
                var withCredentials = options(insecure: proxy.host)
                withCredentials.keychain = Keychain(["http://\(proxy.host)/": RegistryCredential(username: "robot", password: "tok")])
                try await RegistryClient.withClient(options: withCredentials, logger: testLogger) { client async throws in
                    let app = try image("\(proxy.host)/app")
                    #expect(try await client.tags(of: app) == ["2.0"])
                    #expect(try await client.metadata(of: app, tag: "2.0").created == date("2024-05-05T05:05:05Z"))
                    #expect(try await client.tags(of: app) == ["2.0"])
                }
                let tokenRequests = await proxy.state.tokenRequests
                #expect(tokenRequests.count == 1)
                #expect(tokenRequests.first?.contains("scope=repository:app:pull") == true)
                #expect(tokenRequests.first?.contains("service=test-registry") == true)
                try await RegistryClient.withClient(options: options(insecure: proxy.host), logger: testLogger) { client async throws in
                    await #expect {
                        _ = try await client.tags(of: try image("\(proxy.host)/app"))
                    } throws: { error in
                        (error as? RegistryError)?.code == .unauthorized
                    }
                }
            }
        }
    }

    @Test func tooManyRequestsThenRecovers() async throws {
        try await withRegistry { server async throws in
            try await push([("1.0", "2024-01-01T00:00:00Z")], to: server.host, repository: "busy")
            try await RegistryProxy.withProxy(upstream: server.host) { proxy async throws in
                await proxy.state.setTooManyRequests(2, retryAfter: "1")
                try await RegistryClient.withClient(options: options(insecure: proxy.host), logger: testLogger) { client async throws in
                    let clock = ContinuousClock()
                    let start = clock.now
                    #expect(try await client.tags(of: try image("\(proxy.host)/busy")) == ["1.0"])
                    let elapsed = start.duration(to: clock.now)
                    #expect(elapsed >= .seconds(2), "Retry-After was honoured twice")
                    #expect(elapsed < .seconds(20))
                }
                #expect(await proxy.state.requests.count == 3)
                await proxy.state.setTooManyRequests(100, retryAfter: "0")
                var impatient = options(insecure: proxy.host)
                impatient.maxRetries = 2
                try await RegistryClient.withClient(options: impatient, logger: testLogger) { client async throws in
                    await #expect {
                        _ = try await client.tags(of: try image("\(proxy.host)/busy"))
                    } throws: { error in
                        (error as? RegistryError)?.code == .rateLimited
                    }
                }
            }
        }
    }

    @Test func aRegistryThatIsDownFailsOnlyItsImages() async throws {
        try await withRegistry { server async throws in
            try await push([("1.0", "2024-01-01T00:00:00Z")], to: server.host, repository: "up")
            let deadPort = 1  // nothing listens on the privileged tcpmux port; no parallel test can take it
            let dead = "127.0.0.1:\(deadPort)"
            try await RegistryClient.withClient(options: options(insecure: server.host, dead), logger: testLogger) { client async throws in
                let scanner = Scanner(client: client, cache: ImageCache(path: nil), logger: testLogger)
                let clock = ContinuousClock()
                let start = clock.now
                let results = await scanner.scan([
                    ScanTarget(image: try image("\(dead)/gone"), needsMetadata: true),
                    ScanTarget(image: try image("\(server.host)/up"), needsMetadata: true),
                ])
                #expect(results["\(dead)/gone"]?.error?.code == .unreachable)
                #expect(results["\(dead)/gone"]?.tags.isEmpty == true)
                #expect(clock.now - start < .seconds(8), "a dead registry fails within the connect timeout")
                #expect(results["\(server.host)/up"]?.error == nil)
                #expect(results["\(server.host)/up"]?.tags.first?.created == date("2024-01-01T00:00:00Z"))
            }
        }
    }

    @Test func cachePersistsAndUnchangedDigestsAreNotFetchedAgain() async throws {
        try await withRegistry { server async throws in
            try await push([("a", "2024-01-01T00:00:00Z"), ("b", "2024-01-02T00:00:00Z")], to: server.host, repository: "cached")
            let directory = try TemporaryDirectory(prefix: "cache")
            defer { directory.remove() }
            let cachePath = directory.path + "/images.json"
            try await RegistryProxy.withProxy(upstream: server.host) { proxy async throws in
                let target = ScanTarget(image: try image("\(proxy.host)/cached"), needsMetadata: true)
                let name = "\(proxy.host)/cached"
                let now = Date()
                try await RegistryClient.withClient(options: options(insecure: proxy.host), logger: testLogger) { client async throws in
                    let first = await Scanner(client: client, cache: ImageCache(path: cachePath), logger: testLogger)
                        .scan([target], now: now)
                    #expect(first[name]?.tags.count == 2)
                    #expect(first[name]?.scanned == true)
                }
                let firstRequests = await proxy.state.requests
                #expect(firstRequests.filter { $0.contains("/blobs/") }.count == 2)
                await proxy.state.clearCounts()

                // A restart: a new cache loaded from disk serves the repository without asking.
                let reloaded = ImageCache(path: cachePath)
                try await reloaded.load()
                try await RegistryClient.withClient(options: options(insecure: proxy.host), logger: testLogger) { client async throws in
                    let scanner = Scanner(client: client, cache: reloaded, logger: testLogger)
                    let second = await scanner.scan([target], now: now.addingTimeInterval(1))
                    #expect(second[name]?.scanned == false)
                    #expect(second[name]?.tags.compactMap(\.created).count == 2)
                    #expect(await proxy.state.requests.isEmpty)

                    // A new tag: only its metadata is fetched; a and b are not asked about again.
                    try await push([("c", "2024-01-03T00:00:00Z")], to: server.host, repository: "cached")
                    let third = await scanner.scan([target], now: now.addingTimeInterval(120))
                    #expect(third[name]?.scanned == true)
                    #expect(third[name]?.newTags == ["c"])
                    #expect(third[name]?.hasNewTags == true)
                    let requests = await proxy.state.requests
                    #expect(requests.filter { $0.contains("/manifests/a") || $0.contains("/manifests/b") }.isEmpty)
                    #expect(requests.filter { $0.contains("/blobs/") }.count == 1)
                    #expect(third[name]?.tags.first { $0.tag == "c" }?.created == date("2024-01-03T00:00:00Z"))
                }
            }
        }
    }

    @Test func excludedImagesAreNotScanned() async throws {
        var excluded = options()
        excluded.excludeImages = ["127.0.0.1:1/*"]
        try await RegistryClient.withClient(options: excluded, logger: testLogger) { client async throws in
            let results = await Scanner(client: client, cache: ImageCache(path: nil), logger: testLogger)
                .scan([ScanTarget(image: try image("127.0.0.1:1/anything"), needsMetadata: false)])
            #expect(results.isEmpty)
        }
    }
}

import Foundation
import KubernetesModel
import Testing

@testable import Registry

@Suite struct KeychainTests {
    @Test func dockerConfigJSONWithAuthAndUsernamePassword() throws {
        let auth = Data("alice:pa:ss".utf8).base64EncodedString()
        let json =
            #"{"auths":{"https://index.docker.io/v1/":{"auth":"\#(auth)"},"ghcr.io":{"username":"bob","password":"pw"},"helper.io":{"identitytoken":"x"}}}"#
        let keychain = try Keychain.parse(dockerConfigJSON: Array(json.utf8), source: "config.json")
        #expect(keychain.credential(for: "docker.io") == RegistryCredential(username: "alice", password: "pa:ss"))
        #expect(keychain.credential(for: "index.docker.io") == RegistryCredential(username: "alice", password: "pa:ss"))
        #expect(keychain.credential(for: "ghcr.io") == RegistryCredential(username: "bob", password: "pw"))
        #expect(keychain.credential(for: "helper.io") == nil)
        #expect(!"\(RegistryCredential(username: "u", password: "secret"))".contains("secret"))
    }

    @Test func pullSecretsOfBothTypes() throws {
        let config = #"{"auths":{"registry.example.com:5000":{"username":"u","password":"p"}}}"#
        let secret: JSONValue = [
            "apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/dockerconfigjson",
            "metadata": ["name": "pull", "namespace": "apps"],
            "data": [".dockerconfigjson": .string(Data(config.utf8).base64EncodedString())],
        ]
        #expect(try Keychain.parse(pullSecret: secret).credential(for: "registry.example.com:5000")?.username == "u")

        let legacy = #"{"quay.io":{"auth":"\#(Data("q:w".utf8).base64EncodedString())","email":"x@y"}}"#
        let old: JSONValue = [
            "type": "kubernetes.io/dockercfg", "metadata": ["name": "old"],
            "data": [".dockercfg": .string(Data(legacy.utf8).base64EncodedString())],
        ]
        #expect(try Keychain.parse(pullSecret: old).credential(for: "quay.io") == RegistryCredential(username: "q", password: "w"))
    }

    @Test func badSecretsSayWhy() {
        let opaque: JSONValue = ["type": "Opaque", "metadata": ["name": "x", "namespace": "ns"]]
        #expect {
            try Keychain.parse(pullSecret: opaque)
        } throws: { error in
            "\(error)".contains("Secret ns/x") && "\(error)".contains("Opaque")
        }
        let notBase64: JSONValue = [
            "type": "kubernetes.io/dockerconfigjson", "metadata": ["name": "x"], "data": [".dockerconfigjson": "%%%"],
        ]
        #expect(throws: KeychainError.self) { try Keychain.parse(pullSecret: notBase64) }
        #expect(throws: KeychainError.self) { try Keychain.parse(dockerConfigJSON: Array("{".utf8), source: "c.json") }
        #expect(throws: KeychainError.self) { try Keychain.load(dockerConfigAt: "/nonexistent/config.json") }
    }

    @Test func mergingPrefersTheOther() {
        let base = Keychain(["a.io": RegistryCredential(username: "1", password: "1")])
        let merged = base.merging(Keychain(["a.io": RegistryCredential(username: "2", password: "2")]))
        #expect(merged.credential(for: "a.io")?.username == "2")
    }
}

@Suite struct ProtocolParsingTests {
    @Test func bearerChallenge() throws {
        let challenge = try #require(
            AuthChallenge(
                header: #"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull""#))
        #expect(challenge.isBearer)
        #expect(challenge.parameters["realm"] == "https://auth.docker.io/token")
        #expect(challenge.parameters["service"] == "registry.docker.io")
        #expect(challenge.parameters["scope"] == "repository:library/nginx:pull")
        let basic = try #require(AuthChallenge(header: #"Basic realm="Registry Realm""#))
        #expect(basic.isBasic && basic.parameters["realm"] == "Registry Realm")
        #expect(AuthChallenge(header: "") == nil)
    }

    @Test func linkHeader() {
        #expect(RegistryClient.nextLink(#"</v2/app/tags/list?last=b&n=2>; rel="next""#) == "/v2/app/tags/list?last=b&n=2")
        #expect(RegistryClient.nextLink(#"<https://h/x>; rel="prev", <https://h/y>; rel="next""#) == "https://h/y")
        #expect(RegistryClient.nextLink(#"</x>; rel="prev""#) == nil)
    }

    @Test func rfc3339() throws {
        #expect(RFC3339.parse("1970-01-01T00:00:00Z")?.timeIntervalSince1970 == 0)
        #expect(RFC3339.parse("2024-03-01T10:00:00Z")?.timeIntervalSince1970 == 1_709_287_200)
        let fractional = try #require(RFC3339.parse("2024-03-01T10:00:00.5Z"))
        #expect(fractional.timeIntervalSince1970 == 1_709_287_200.5)
        #expect(RFC3339.parse("2024-03-01T12:00:00+02:00")?.timeIntervalSince1970 == 1_709_287_200)
        #expect(RFC3339.parse("2024-03-01T05:30:00-04:30")?.timeIntervalSince1970 == 1_709_287_200)
        #expect(RFC3339.parse("2024-03-01") == nil)
        #expect(RFC3339.parse("2024-13-01T00:00:00Z") == nil)
        #expect(RFC3339.usableCreated("0001-01-01T00:00:00Z") == nil)
        #expect(RFC3339.usableCreated("1970-01-01T00:00:00Z") == nil)
        #expect(RFC3339.usableCreated(nil) == nil)
        #expect(RFC3339.usableCreated("2020-01-01T00:00:00Z") != nil)
    }

    @Test func retryAfter() {
        #expect(RetryAfter.delay("3") == .seconds(3))
        #expect(RetryAfter.delay(nil) == nil)
        let now = Date(timeIntervalSince1970: 1_445_412_480)
        #expect(RetryAfter.delay("Wed, 21 Oct 2015 07:28:10 GMT", now: now) == .seconds(10))
    }

    @Test func manifestsAndIndexes() throws {
        let image =
            #"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"digest":"sha256:c"}}"#
        #expect(try Manifest(parsing: Array(image.utf8), contentType: nil) == .image(configDigest: "sha256:c"))
        let index =
            #"{"schemaVersion":2,"manifests":[{"digest":"sha256:arm","platform":{"os":"linux","architecture":"arm","variant":"v7"}},{"digest":"sha256:arm8","platform":{"os":"linux","architecture":"arm64","variant":"v8"}},{"digest":"sha256:amd","platform":{"os":"linux","architecture":"amd64"}},{"digest":"sha256:att"}]}"#
        guard case .index(let entries) = try Manifest(parsing: Array(index.utf8), contentType: "application/vnd.oci.image.index.v1+json")
        else {
            Issue.record("expected an index")
            return
        }
        #expect(entries.entry(for: .linuxAMD64)?.digest == "sha256:amd")
        #expect(entries.entry(for: Platform(os: "linux", architecture: "arm64"))?.digest == "sha256:arm8")
        #expect(entries.entry(for: Platform(os: "windows", architecture: "amd64")) == nil)
        let schema1 =
            #"{"schemaVersion":1,"architecture":"amd64","history":[{"v1Compatibility":"{\"created\":\"2020-01-01T00:00:00Z\"}"}]}"#
        #expect(
            try Manifest(parsing: Array(schema1.utf8), contentType: nil) == .schema1(created: "2020-01-01T00:00:00Z", architecture: "amd64")
        )
        #expect(throws: ManifestParseError.self) { try Manifest(parsing: Array("{}".utf8), contentType: nil) }
    }

    @Test func dockerHubNaming() throws {
        let nginx = try ImageReference(parsing: "nginx:1.25")
        #expect(nginx.registryAPIHost == "registry-1.docker.io")
        #expect(nginx.repository == "library/nginx")
        #expect(try ImageReference(parsing: "index.docker.io/org/app").registryAPIHost == "registry-1.docker.io")
        #expect(try ImageReference(parsing: "ghcr.io/org/app").registryAPIHost == "ghcr.io")
        var options = RegistryOptions()
        options.insecureHosts = ["localhost:5000"]
        #expect(options.scheme(for: "localhost:5000") == "http")
        #expect(options.scheme(for: "ghcr.io") == "https")
        options.excludeImages = ["docker.io/library/*", "k8s.gcr.io/*"]
        #expect(options.isExcluded(nginx))
        #expect(!options.isExcluded(try ImageReference(parsing: "ghcr.io/org/app")))
    }
}

/// `--registry-use-labels`: Flux v1's timestamp-label whitelist.
@Suite struct LabelTimestampTests {
    @Test func matchingImagesTakeTheirCreationTimeFromLabels() throws {
        var options = RegistryOptions()
        options.labelTimestampImages = ["index.docker.io/fluxcd/*", "ghcr.io/org/*"]
        #expect(options.usesLabelTimestamp(try ImageReference(parsing: "fluxcd/flux:1.25")), "Flux v1's name for Docker Hub")
        #expect(options.usesLabelTimestamp(try ImageReference(parsing: "docker.io/fluxcd/flux:1.25")))
        #expect(options.usesLabelTimestamp(try ImageReference(parsing: "ghcr.io/org/app:1")))
        #expect(!options.usesLabelTimestamp(try ImageReference(parsing: "nginx:1.25")))

        let config: JSONValue = [
            "created": "2020-01-01T00:00:00Z",
            "config": [
                "Labels": [
                    "org.label-schema.build-date": "2021-02-02T00:00:00Z", "org.opencontainers.image.created": "2022-03-03T00:00:00Z",
                ]
            ],
        ]
        let iso = ISO8601DateFormatter()
        #expect(RegistryClient.creationTime(config: config, fromLabels: false) == iso.date(from: "2020-01-01T00:00:00Z"))
        #expect(RegistryClient.creationTime(config: config, fromLabels: true) == iso.date(from: "2022-03-03T00:00:00Z"))
        var schema = config
        schema["config"] = ["Labels": ["org.label-schema.build-date": "2021-02-02T00:00:00Z"]]
        #expect(RegistryClient.creationTime(config: schema, fromLabels: true) == iso.date(from: "2021-02-02T00:00:00Z"))
        schema["config"] = ["Labels": ["org.opencontainers.image.created": "not a time"]]
        #expect(RegistryClient.creationTime(config: schema, fromLabels: true) == iso.date(from: "2020-01-01T00:00:00Z"))
    }
}

@Suite struct SchedulingTests {
    @Test func tokenBucketAllowsBurstThenPaces() {
        let clock = ContinuousClock()
        let start = clock.now
        var bucket = TokenBucket(rate: 10, burst: 3, now: start)
        #expect(bucket.reserve(at: start) == .zero)
        #expect(bucket.reserve(at: start) == .zero)
        #expect(bucket.reserve(at: start) == .zero)
        let wait = bucket.reserve(at: start)
        #expect(wait > .milliseconds(90) && wait <= .milliseconds(100))
        let second = bucket.reserve(at: start)
        #expect(second > .milliseconds(190) && second <= .milliseconds(200))
        // After a quiet second the bucket is full again (capped at burst).
        let later = start.advanced(by: .seconds(10))
        for _ in 0..<3 { #expect(bucket.reserve(at: later) == .zero) }
        #expect(bucket.reserve(at: later) > .zero)
    }

    @Test func adaptiveRefresh() {
        let schedule = RefreshSchedule(minimum: .seconds(60), maximum: .seconds(600))
        #expect(schedule.nextInterval(previous: nil, changed: false) == .seconds(60))
        #expect(schedule.nextInterval(previous: .seconds(60), changed: false) == .seconds(120))
        #expect(schedule.nextInterval(previous: .seconds(400), changed: false) == .seconds(600))
        #expect(schedule.nextInterval(previous: .seconds(600), changed: true) == .seconds(60))
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import KubernetesModel
import Logging
import NIOCore
import Registry
import TestSupport
import Testing

/// The registry client against a registry that answers with randomized and malformed tag lists,
/// manifests, configs, auth challenges and tokens (seeded, bounded): every answer ends in
/// tags, metadata or a `RegistryError`; nothing crashes, hangs or grows memory (issue 16).
@Suite struct RegistryFuzzTests {
    static let tagLists = [
        #"{"name":"app","tags":["1.0.0","1.1.0","latest"]}"#, #"{"name":"app","tags":null}"#, #"{"tags":[1,{"x":2},"ok"]}"#,
    ]
    static let manifests = [
        #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:aa","size":2},"layers":[]}"#,
        #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"digest":"sha256:bb","mediaType":"application/vnd.oci.image.manifest.v1+json","platform":{"os":"linux","architecture":"amd64"}}]}"#,
        #"{"schemaVersion":1,"architecture":"amd64","history":[{"v1Compatibility":"{\"created\":\"2020-01-01T00:00:00Z\"}"}]}"#,
        #"{"created":"2021-02-03T04:05:06.789Z","architecture":"amd64","os":"linux"}"#,
    ]
    static let challenges = [
        #"Bearer realm="http://HOST/token",service="fuzz",scope="repository:app:pull""#, #"Basic realm="fuzz""#,
        #"Bearer realm="http://HOST/token",error="insufficient_scope""#, "Bearer", #"Bearer realm="",,,=="#,
    ]
    static let tokens = [#"{"token":"t0k","expires_in":60}"#, #"{"access_token":"a","issued_at":"2020-01-01T00:00:00Z"}"#, "{}"]
    static let jsonTokens = ["[", "]", "{", "}", "\"", ",", ":", "null", "\"sha256:", "1e400", "\\u0000", "mediaType", "manifests"]

    static func fuzzOptions(_ host: String) -> RegistryOptions {
        var options = RegistryOptions()
        options.insecureHosts = [host]
        options.requestTimeout = .seconds(2)
        options.connectTimeout = .seconds(1)
        options.maxRetries = 0
        options.requestsPerSecond = 100_000
        return options
    }

    @Test func tagListsManifestsAndChallengesFromAHostileRegistry() async throws {
        try await FuzzRegistry.withRegistry { registry in
            let options = Self.fuzzOptions(registry.host)
            try await RegistryClient.withClient(options: options, logger: testLogger) { client in
                let image = try ImageReference(parsing: "\(registry.host)/app:1")
                let tagReport = try await Fuzzer(name: "registry tags", corpus: Self.tagLists, tokens: Self.jsonTokens).run { bytes in
                    await registry.state.set(tags: bytes)
                    _ = try await client.tags(of: image)
                }
                let manifestReport = try await Fuzzer(name: "registry manifests", corpus: Self.manifests, tokens: Self.jsonTokens).run {
                    bytes in
                    await registry.state.set(manifest: bytes)
                    _ = try await client.metadata(of: image, tag: "1")
                }
                await registry.state.set(tags: Array(Self.tagLists[0].utf8))
                let challenges = Self.challenges.map { $0.replacingOccurrences(of: "HOST", with: registry.host) }
                let authReport = try await Fuzzer(
                    name: "registry auth", corpus: challenges + Self.tokens, tokens: ["\"", ",", "=", "realm=", " "]
                )
                .run { bytes in
                    await registry.state.set(challenge: String(decoding: bytes, as: UTF8.self), token: bytes)
                    _ = try await client.tags(of: image)
                }
                await registry.state.set(challenge: nil, token: [])
                #expect(tagReport.rejected > 0 && manifestReport.rejected > 0 && authReport.rejected > 0)
                // After all that, a well-behaved answer still works.
                await registry.state.set(tags: Array(Self.tagLists[0].utf8))
                #expect(try await client.tags(of: image) == ["1.0.0", "1.1.0", "latest"])
            }
        }
    }
}

/// What the fuzzed registry answers, changed between inputs.
actor FuzzRegistryState {
    var tags: [UInt8] = []
    var manifest: [UInt8] = []
    var challenge: String?
    var token: [UInt8] = []

    func set(tags: [UInt8]) { self.tags = tags }
    func set(manifest: [UInt8]) { self.manifest = manifest }
    func set(challenge: String?, token: [UInt8]) {
        self.challenge = challenge
        self.token = token
    }
}

/// A Hummingbird server that plays a registry with whatever `FuzzRegistryState` holds.
struct FuzzRegistry: Sendable {
    let port: Int
    let state: FuzzRegistryState
    var host: String { "127.0.0.1:\(port)" }

    static func withRegistry<T: Sendable>(_ body: (FuzzRegistry) async throws -> T) async throws -> T {
        let state = FuzzRegistryState()
        let (ready, continuation) = AsyncStream.makeStream(of: Int.self)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in try await respond(request, state: state) }
        let app = Application(
            responder: responder, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: Logger(label: "fuzz-registry", factory: { _ in SwiftLogNoOpLogHandler() }))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ready.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            defer { group.cancelAll() }
            return try await body(FuzzRegistry(port: port, state: state))
        }
    }

    static func respond(_ request: Request, state: FuzzRegistryState) async throws -> Response {
        let path = request.uri.path
        if path == "/token" {
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: await state.token)))
        }
        // A challenge on every request, so each fuzzed header is parsed (tokens never satisfy it).
        if let challenge = await state.challenge {
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = challenge
            return Response(status: .unauthorized, headers: headers)
        }
        if path.hasSuffix("/tags/list") {
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: await state.tags)))
        }
        let body = await state.manifest
        // The same fuzzed document serves as manifest, index entry and config blob.
        let type =
            path.contains("/blobs/")
            ? "application/vnd.oci.image.config.v1+json"
            : String(decoding: body, as: UTF8.self).contains("index")
                ? "application/vnd.oci.image.index.v1+json"
                : "application/vnd.oci.image.manifest.v1+json"
        var headers: HTTPFields = [.contentType: type]
        if let digest = HTTPField.Name("Docker-Content-Digest") { headers[digest] = "sha256:aa" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

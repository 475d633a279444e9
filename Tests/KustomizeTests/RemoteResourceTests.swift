import CommandRunner
import Foundation
import Hummingbird
import Kustomize
import Logging
import NIOCore
import TestSupport
import Testing

/// Remote `resources:` with remote resources enabled: a bare git repository made by the test
/// (real git, with a tag) referenced as `file:///…/repo.git//base?ref=…`, and a manifest served
/// over HTTP on 127.0.0.1. The native output must equal `kubectl kustomize` byte for byte;
/// failures must name the kustomization file, the field and the URL.
@Suite struct RemoteResourceTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: web
                image: nginx:IMAGE_TAG
                envFrom:
                - configMapRef:
                    name: settings

        """

    /// A bare repository with `base/` (a kustomization with a generator) and `plain/` (no
    /// kustomization): tag `v1` has image `1.0`, the default branch has moved on to `2.0`.
    struct Repository {
        var fixture: GitFixture
        var taggedCommit: String
        var url: String { fixture.fileURL }
    }

    static func makeRepository(in directory: TemporaryDirectory) async throws -> Repository {
        let fixture = try await GitFixture.create(in: directory, branch: "main")
        try fixture.write(
            "base/kustomization.yaml",
            """
            resources:
            - deploy.yaml
            namePrefix: remote-
            configMapGenerator:
            - name: settings
              literals:
              - mode=remote

            """)
        try fixture.write("base/deploy.yaml", deployment.replacingOccurrences(of: "IMAGE_TAG", with: "1.0"))
        try fixture.write("plain/deploy.yaml", deployment.replacingOccurrences(of: "IMAGE_TAG", with: "1.0"))
        let tagged = try await fixture.commit("base v1")
        try await fixture.run(["tag", "v1"])
        try fixture.write("base/deploy.yaml", deployment.replacingOccurrences(of: "IMAGE_TAG", with: "2.0"))
        try await fixture.commit("base v2")
        try await fixture.push()
        try await fixture.run(["push", "--quiet", "origin", "v1"])
        return Repository(fixture: fixture, taggedCommit: tagged)
    }

    /// An overlay in `directory/overlay` on top of `resource`.
    @discardableResult
    static func writeOverlay(_ directory: TemporaryDirectory, resource: String) throws -> String {
        try directory.write(
            "overlay/kustomization.yaml",
            """
            resources:
            - \(resource)
            namespace: prod
            commonLabels:
              app: web
            patches:
            - patch: |-
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: remote-web
                spec:
                  replicas: 3

            """)
        return "\(directory.path)/overlay"
    }

    static func kubectlKustomize(_ directory: String) async throws -> CommandResult {
        try await Command.run(try Tools.kubectl(), arguments: ["kustomize", directory], timeout: .seconds(120))
    }

    /// Renders asynchronously (git through CommandRunner, HTTP through AsyncHTTPClient).
    static func render(_ directory: String, allowRemote: Bool = true) async -> Result<String, KustomizeError> {
        do throws(KustomizeError) {
            return .success(try await Kustomizer(allowRemoteResources: allowRemote).render(directory: directory))
        } catch {
            return .failure(error)
        }
    }

    static func expectError(
        _ result: Result<String, KustomizeError>, overlay: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> KustomizeError {
        switch result {
        case .success(let output):
            Issue.record("expected an error, got output:\n\(output)", sourceLocation: sourceLocation)
            throw CancellationError()
        case .failure(let error):
            #expect(error.file == "\(overlay)/kustomization.yaml", sourceLocation: sourceLocation)
            #expect(error.field == "resources[0]", sourceLocation: sourceLocation)
            return error
        }
    }

    /// Checkouts this test made (their origin is the test's repository) that are still on disk.
    static func leftoverCheckouts(of repository: Repository) -> [String] {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return names.filter { $0.hasPrefix("swiftflux-kustomize-remote-") }.filter { name in
            let config = (try? String(contentsOfFile: "\(base)/\(name)/.git/config", encoding: .utf8)) ?? ""
            return config.contains(repository.fixture.remotePath)
        }
    }

    @Test(arguments: ["?ref=v1", "?version=v1", "", "?ref=COMMIT"])
    func gitBaseRendersLikeKubectl(_ query: String) async throws {
        let directory = try TemporaryDirectory(prefix: "kustomize-remote")
        defer { directory.remove() }
        let repository = try await Self.makeRepository(in: directory)
        let query = query.replacingOccurrences(of: "COMMIT", with: repository.taggedCommit)
        let overlay = try Self.writeOverlay(directory, resource: "\(repository.url)//base\(query)")

        let reference = try await Self.kubectlKustomize(overlay)
        try #require(reference.succeeded, "kubectl kustomize failed: \(reference.standardError)")
        let native = try await Self.render(overlay).get()
        #expect(native == reference.standardOutput)
        // The ref is honoured: the tag and the commit have 1.0, the default branch 2.0.
        #expect(native.contains(query.isEmpty ? "image: nginx:2.0" : "image: nginx:1.0"))
        #expect(native.contains("name: remote-settings-"))
        #expect(Self.leftoverCheckouts(of: repository).isEmpty)
    }

    @Test func gitURLFormsParseLikeKustomize() async throws {
        // Forms that differ only in spelling: all reach the same repository and directory.
        let directory = try TemporaryDirectory(prefix: "kustomize-remote")
        defer { directory.remove() }
        let repository = try await Self.makeRepository(in: directory)
        let overlay = try Self.writeOverlay(directory, resource: "git::\(repository.url)/base?ref=v1&submodules=false&timeout=90s")
        let reference = try await Self.kubectlKustomize(overlay)
        try #require(reference.succeeded, "kubectl kustomize failed: \(reference.standardError)")
        #expect(try await Self.render(overlay).get() == reference.standardOutput)
    }

    @Test func disabledRemoteResourcesAreRefused() async throws {
        let directory = try TemporaryDirectory(prefix: "kustomize-remote")
        defer { directory.remove() }
        let repository = try await Self.makeRepository(in: directory)
        let overlay = try Self.writeOverlay(directory, resource: "\(repository.url)//base?ref=v1")
        let error = try Self.expectError(await Self.render(overlay, allowRemote: false), overlay: overlay)
        #expect(error.code == .remoteResource)
        #expect(error.message.contains("\(repository.url)//base?ref=v1"))
        #expect(error.message.contains("remote resources are disabled"))
        #expect(Self.leftoverCheckouts(of: repository).isEmpty)
    }

    @Test func missingRefIsAClearError() async throws {
        let directory = try TemporaryDirectory(prefix: "kustomize-remote")
        defer { directory.remove() }
        let repository = try await Self.makeRepository(in: directory)
        let url = "\(repository.url)//base?ref=v9"
        let overlay = try Self.writeOverlay(directory, resource: url)
        #expect(try await !Self.kubectlKustomize(overlay).succeeded)
        let error = try Self.expectError(await Self.render(overlay), overlay: overlay)
        #expect(error.code == .remoteResource)
        #expect(error.message.contains("'\(url)'"))
        #expect(error.message.contains("trouble fetching v9"))
        // git's own words.
        #expect(error.message.contains("couldn't find remote ref v9"))
        #expect(error.description.contains("(field resources[0])"))
        #expect(Self.leftoverCheckouts(of: repository).isEmpty)
    }

    @Test func directoryWithoutKustomizationIsAClearError() async throws {
        let directory = try TemporaryDirectory(prefix: "kustomize-remote")
        defer { directory.remove() }
        let repository = try await Self.makeRepository(in: directory)
        for (path, words) in [
            ("plain", "unable to find one of 'kustomization.yaml'"), ("plain/deploy.yaml", "is a file"),
            ("nowhere", "does not exist"),
        ] {
            let url = "\(repository.url)//\(path)?ref=v1"
            let overlay = try Self.writeOverlay(directory, resource: url)
            #expect(try await !Self.kubectlKustomize(overlay).succeeded)
            let error = try Self.expectError(await Self.render(overlay), overlay: overlay)
            #expect(error.code == .remoteResource)
            #expect(error.message.contains("'\(url)'"))
            #expect(error.message.contains(words), "\(error)")
        }
        #expect(Self.leftoverCheckouts(of: repository).isEmpty)
    }

    @Test func unreachableRepositoryReportsGitStderrWithoutCredentials() async throws {
        let directory = try TemporaryDirectory(prefix: "kustomize-remote")
        defer { directory.remove() }
        // Nothing listens on this port: git fails at once, and its message names the URL.
        let port = try FreePort.find()
        let url = "https://alice:s3cr3t-token@127.0.0.1:\(port)/org/repo.git//base?ref=v1"
        let overlay = try Self.writeOverlay(directory, resource: url)
        let error = try Self.expectError(await Self.render(overlay), overlay: overlay)
        #expect(error.code == .remoteResource)
        #expect(!error.description.contains("s3cr3t-token"))
        #expect(error.message.contains("https://***@127.0.0.1:\(port)/org/repo.git//base?ref=v1"))
        #expect(error.message.contains("git fetch"))
    }

    @Test func remoteKustomizationMayNotReadOutsideItsDirectory() async throws {
        let directory = try TemporaryDirectory(prefix: "kustomize-remote")
        defer { directory.remove() }
        let repository = try await Self.makeRepository(in: directory)
        try repository.fixture.write("secret.txt", "top secret\n")
        try repository.fixture.write(
            "leaky/kustomization.yaml",
            "configMapGenerator:\n- name: leak\n  files:\n  - ../secret.txt\n")
        try await repository.fixture.commit("leaky base")
        try await repository.fixture.push()
        let overlay = try Self.writeOverlay(directory, resource: "\(repository.url)//leaky")
        #expect(try await !Self.kubectlKustomize(overlay).succeeded)
        switch await Self.render(overlay) {
        case .success(let output):
            Issue.record("a remote base read a file outside its directory:\n\(output)")
        case .failure(let error):
            #expect(error.message.contains("security; file"))
            #expect(error.file == "\(repository.url)//leaky/kustomization.yaml")
            #expect(error.message.contains("from \(overlay)/kustomization.yaml field resources[0]"))
        }
    }

    // MARK: - HTTP

    /// Serves `files` (path → body) on 127.0.0.1; anything else is 404.
    static func withHTTPServer<T: Sendable>(
        _ files: [String: String], _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let (ready, continuation) = AsyncStream.makeStream(of: Int.self)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            guard let text = files[request.uri.path] else { return Response(status: .notFound) }
            return Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: Logger(label: "kustomize-http", factory: { _ in SwiftLogNoOpLogHandler() }))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ready.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            defer { group.cancelAll() }
            return try await body(port)
        }
    }

    @Test func httpManifestRendersLikeKubectl() async throws {
        let directory = try TemporaryDirectory(prefix: "kustomize-remote")
        defer { directory.remove() }
        let manifest = Self.deployment.replacingOccurrences(of: "IMAGE_TAG", with: "3.0")
            .replacingOccurrences(of: "name: web\nspec", with: "name: remote-web\nspec")
        try await Self.withHTTPServer(["/manifests/deploy.yaml": manifest]) { port in
            let overlay = try Self.writeOverlay(directory, resource: "http://127.0.0.1:\(port)/manifests/deploy.yaml")
            let reference = try await Self.kubectlKustomize(overlay)
            try #require(reference.succeeded, "kubectl kustomize failed: \(reference.standardError)")
            let native = try await Self.render(overlay).get()
            #expect(native == reference.standardOutput)
            #expect(native.contains("image: nginx:3.0"))
            #expect(native.contains("replicas: 3"))
        }
    }

    @Test func httpErrorIsAClearError() async throws {
        let directory = try TemporaryDirectory(prefix: "kustomize-remote")
        defer { directory.remove() }
        try await Self.withHTTPServer([:]) { port in
            let url = "http://127.0.0.1:\(port)/missing.yaml"
            let overlay = try Self.writeOverlay(directory, resource: url)
            #expect(try await !Self.kubectlKustomize(overlay).succeeded)
            let error = try Self.expectError(await Self.render(overlay), overlay: overlay)
            #expect(error.code == .remoteResource)
            #expect(error.message.contains("'\(url)'"))
            #expect(error.message.contains("404"))
        }
    }
}

import KubernetesModel
import Testing

/// Flux v1's image reference tables (`pkg/image/image_test.go`: `TestDomainRegexp`,
/// `TestParseRef`, `TestParseRefErrorCases`, `TestComponents`), ported case by case.
///
/// Deliberate exception: Flux v1 names Docker Hub `index.docker.io` in `Registry()` and
/// canonical names; SwiftFlux names it `docker.io` (the name `docker login`, Docker config
/// files and image pull secrets use). Both mean the same registry, `--registry-include-image`
/// matches either spelling, and what is written in manifests is never rewritten. The expected
/// values below are Flux v1's, with `index.docker.io` read as `docker.io`.
@Suite struct FluxV1ImageReferenceTests {
    static let dockerHub = "index.docker.io"

    /// `TestParseRef`: (reference, registry, repository, canonical reference).
    static let parseCases: [(String, String, String, String)] = [
        // Library images can have the domain omitted; a single-element path is understood to be
        // prefixed with "library".
        ("alpine", dockerHub, "library/alpine", "index.docker.io/library/alpine"),
        ("library/alpine", dockerHub, "library/alpine", "index.docker.io/library/alpine"),
        ("alpine:mytag", dockerHub, "library/alpine", "index.docker.io/library/alpine:mytag"),
        // The old registry path should be replaced with the new one.
        ("docker.io/library/alpine", dockerHub, "library/alpine", "index.docker.io/library/alpine"),
        // It's possible to have a domain with a single-element path.
        ("localhost/hello:v1.1", "localhost", "hello", "localhost/hello:v1.1"),
        ("localhost:5000/hello:v1.1", "localhost:5000", "hello", "localhost:5000/hello:v1.1"),
        ("example.com/hello:v1.1", "example.com", "hello", "example.com/hello:v1.1"),
        // The path can have an arbitrary number of elements.
        ("quay.io/library/alpine", "quay.io", "library/alpine", "quay.io/library/alpine"),
        ("quay.io/library/alpine:latest", "quay.io", "library/alpine", "quay.io/library/alpine:latest"),
        ("quay.io/library/alpine:mytag", "quay.io", "library/alpine", "quay.io/library/alpine:mytag"),
        (
            "localhost:5000/path/to/repo/alpine:mytag", "localhost:5000", "path/to/repo/alpine",
            "localhost:5000/path/to/repo/alpine:mytag"
        ),
        // A digest pinned in the manifest.
        (
            "kennethreitz/httpbin@sha256:599fe5e5073102dbb0ee3dbb65f049dab44fa9fc251f6835c9990f8fb196a72b", dockerHub,
            "kennethreitz/httpbin", "index.docker.io/kennethreitz/httpbin"
        ),
    ]

    /// Flux v1's name for a value, as SwiftFlux spells it (see the exception above).
    static func swiftFlux(_ fluxV1: String) -> String {
        fluxV1 == dockerHub ? "docker.io" : fluxV1.replacingOccurrences(of: dockerHub + "/", with: "docker.io/")
    }

    @Test(arguments: parseCases.map(\.0))
    func parseRef(_ text: String) throws {
        let testCase = try #require(Self.parseCases.first { $0.0 == text })
        let reference = try ImageReference(parsing: text)
        #expect(reference.description == text, "stringifies as itself")
        #expect(reference.registry == Self.swiftFlux(testCase.1))
        #expect(reference.repository == testCase.2)
        #expect(reference.canonicalName + (reference.tag.map { ":" + $0 } ?? "") == Self.swiftFlux(testCase.3))
        // HelmRelease values split references with Flux v1's own parser; it round-trips too.
        #expect(FluxImageRef(parsing: text)?.description == text)
    }

    @Test(arguments: ["", ":tag", "/leading/slash", "trailing/slash/"])
    func parseRefErrorCases(_ text: String) {
        #expect(throws: ImageReferenceError.self) { try ImageReference(parsing: text) }
        #expect(FluxImageRef(parsing: text) == nil)
    }

    /// `TestDomainRegexp`: what counts as a registry host in front of a path.
    @Test(arguments: ["localhost", "localhost:5000", "example.com", "example.com:80", "gcr.io", "index.docker.com"])
    func domains(_ domain: String) throws {
        #expect(try ImageReference(parsing: domain + "/app").writtenRegistry == domain)
        #expect(FluxImageRef(parsing: domain + "/app")?.domain == domain)
    }

    @Test func components() throws {
        let reference = try ImageReference(parsing: "quay.io/my/repo:mytag")
        #expect(reference.writtenRegistry == "quay.io")
        #expect(reference.writtenPath == "my/repo")
        #expect(reference.tag == "mytag")
        #expect(reference.description == "quay.io/my/repo:mytag")
        #expect(FluxImageRef(parsing: "quay.io/my/repo:mytag") == FluxImageRef(domain: "quay.io", image: "my/repo", tag: "mytag"))
    }
}

/// Flux v1's resource ID table (`pkg/resource/id_test.go`, `TestResourceIDParsing`), ported.
///
/// Deliberate exception: Flux v1 also parsed the pre-1.0 "legacy" form `namespace/service`
/// (a Service, never a workload kind). Workload IDs are always `namespace:kind/name` here;
/// `fluxctl` fills in a missing namespace (`deployment/web`), as Flux v1's did.
@Suite struct FluxV1WorkloadIDTests {
    static let valid: [(String, String)] = [
        ("full", "namespace:kind/name"),
        ("dots", "namespace:kind/name.with.dots"),
        ("colons", "namespace:kind/name:with:colons"),
        ("punctuation in general", "name-space:ki_nd/punc_tu:a.tion-rules"),
        ("cluster-scope resource", "<cluster>:namespace/foo"),
    ]
    static let invalid: [(String, String)] = [
        ("unqualified", "justname"),
        ("dots in namespace", "name.space:kind/name"),
        ("too many colons", "namespace:kind:name"),
        // The legacy form (see the exception above).
        ("legacy", "namespace/service"),
    ]

    @Test(arguments: valid.map(\.1))
    func validIDsParse(_ text: String) throws {
        let id = try #require(WorkloadID(parsing: text))
        #expect(id.description == text)
    }

    @Test(arguments: invalid.map(\.1))
    func invalidIDsAreRefused(_ text: String) {
        #expect(WorkloadID(parsing: text) == nil)
        #expect(throws: WorkloadIDError.self) { try WorkloadID(validating: text) }
    }

    @Test func kindsAreLowerCasedAsInFluxV1() throws {
        #expect(WorkloadID(parsing: "default:Deployment/web")?.description == "default:deployment/web")
    }
}

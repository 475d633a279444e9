import TestSupport
import Testing

@testable import Manifests

/// Flux v1's manifest loading table (`pkg/cluster/kubernetes/resource/load_test.go`), ported:
/// `TestParseEmpty`, `TestParseSome`, `TestParseSomeWithComment`, `TestParseSomeLong`,
/// `TestParseBoundaryMarkers`, `TestParseError`, `TestParseCronJob`, `TestUnmarshalList`,
/// `TestUnmarshalDeploymentList`, `TestLoadSome`, `TestChartTracker`. (Its SOPS cases are
/// `DecryptionTests`, with the real sops.)
///
/// Deliberate exception: Flux v1's documents without `apiVersion` (`TestParseSome`,
/// `TestParseBoundaryMarkers`) loaded; here they fail the load naming file and line (issue 16:
/// a half-read manifest must not drive pruning, and the API server refuses them anyway). Those
/// cases run as written (refused) and with an `apiVersion` (loaded as Flux v1 loaded them).
@Suite struct FluxV1LoadTests {
    static func load(_ directory: TemporaryDirectory, paths: [String] = []) async throws(ManifestLoadFailure) -> [String] {
        try await ManifestLoaderTests.load(directory, paths: paths).manifests.map { "\($0.key.kind)/\($0.key.name)" }
    }

    @Test func parseEmpty() async throws {
        let directory = try TemporaryDirectory(prefix: "flux-v1-load")
        defer { directory.remove() }
        try directory.write("empty.yaml", "")
        #expect(try await Self.load(directory).isEmpty)
    }

    @Test(arguments: ["", "# some random comment\n"])
    func parseSome(_ leading: String) async throws {
        let directory = try TemporaryDirectory(prefix: "flux-v1-load")
        defer { directory.remove() }
        let docs =
            leading
            + "---\nkind: Deployment\nmetadata:\n  name: b-deployment\n  namespace: b-namespace\n---\nkind: Deployment\nmetadata:\n  name: a-deployment\n"
        try directory.write("test.yaml", docs)
        await #expect(throws: ManifestLoadFailure.self, "no apiVersion (see the exception)") { try await Self.load(directory) }
        try directory.write("test.yaml", docs.replacingOccurrences(of: "kind: Deployment", with: "apiVersion: apps/v1\nkind: Deployment"))
        #expect(try await Self.load(directory).sorted() == ["Deployment/a-deployment", "Deployment/b-deployment"])
    }

    @Test func parseSomeLong() async throws {
        let directory = try TemporaryDirectory(prefix: "flux-v1-load")
        defer { directory.remove() }
        var doc = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bigmap\ndata:\n  bigdata: |\n"
        let line = "    The quick brown fox jumps over the lazy dog.\n"
        while doc.utf8.count + line.utf8.count < 1024 * 1024 { doc += line }
        try directory.write("big.yaml", doc)
        #expect(try await Self.load(directory) == ["ConfigMap/bigmap"])
    }

    @Test func parseBoundaryMarkers() async throws {
        let directory = try TemporaryDirectory(prefix: "flux-v1-load")
        defer { directory.remove() }
        let doc = "---\nkind: ConfigMap\nmetadata:\n  name: bigmap\n---\n...\n---\n...\n---\n...\n---\n...\n"
        try directory.write("markers.yaml", doc)
        await #expect(throws: ManifestLoadFailure.self, "no apiVersion (see the exception)") { try await Self.load(directory) }
        try directory.write("markers.yaml", doc.replacingOccurrences(of: "kind: ConfigMap", with: "apiVersion: v1\nkind: ConfigMap"))
        #expect(try await Self.load(directory) == ["ConfigMap/bigmap"])
    }

    @Test func parseError() async throws {
        let directory = try TemporaryDirectory(prefix: "flux-v1-load")
        defer { directory.remove() }
        try directory.write("tab.yaml", "---\nkind: ConfigMap\nmetadata:\n\tname: bigmap # contains a tab at the beginning\n")
        let failure = await #expect(throws: ManifestLoadFailure.self) { try await Self.load(directory) }
        #expect(failure?.errors.first?.file == "tab.yaml")
    }

    @Test func parseCronJob() async throws {
        let directory = try TemporaryDirectory(prefix: "flux-v1-load")
        defer { directory.remove() }
        try directory.write(
            "cron.yaml",
            """
            ---
            apiVersion: batch/v1beta1
            kind: CronJob
            metadata:
              namespace: default
              name: weekly-curl-homepage
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - name: weekly-curl-homepage
                        image: centos:7 # Has curl installed by default

            """)
        let set = try await ManifestLoaderTests.load(directory)
        #expect(set.manifests.map { "\($0.key.namespace):\($0.key.kind)/\($0.key.name)" } == ["default:CronJob/weekly-curl-homepage"])
    }

    @Test(arguments: [("List", "Service"), ("DeploymentList", "Deployment")])
    func unmarshalList(_ listKind: String, _ secondKind: String) async throws {
        let directory = try TemporaryDirectory(prefix: "flux-v1-load")
        defer { directory.remove() }
        let first = "- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: foo\n    namespace: ns\n"
        let second =
            "- apiVersion: \(secondKind == "Service" ? "v1" : "apps/v1")\n  kind: \(secondKind)\n  metadata:\n    name: bar\n    namespace: ns\n"
        try directory.write("list.yaml", "---\napiVersion: v1\nkind: \(listKind)\nmetadata:\n  name: list\nitems:\n" + first + second)
        let set = try await ManifestLoaderTests.load(directory)
        #expect(set.manifests.map { "\($0.key.namespace):\($0.key.kind)/\($0.key.name)" } == ["ns:Deployment/foo", "ns:\(secondKind)/bar"])
    }

    /// `TestLoadSome`: Flux v1's test repository loads to exactly its nine resources; the file
    /// that is not YAML and the Helm chart directory are skipped.
    @Test func loadSome() async throws {
        let directory = try TemporaryDirectory(prefix: "flux-v1-load")
        defer { directory.remove() }
        try FluxV1TestFiles.write(to: directory.path)
        #expect(
            try await Self.load(directory).sorted() == [
                "DaemonSet/init", "Deployment/helloworld", "Deployment/list-deploy", "Deployment/locked-service",
                "Deployment/multi-deploy", "Deployment/semver", "Deployment/test-service", "Service/list-service",
                "Service/multi-service",
            ])
    }

    /// `TestChartTracker`: paths outside a chart load; a chart, or any path in one, loads nothing
    /// and is no error.
    @Test func chartTracker() async throws {
        let directory = try TemporaryDirectory(prefix: "flux-v1-load")
        defer { directory.remove() }
        try FluxV1TestFiles.write(to: directory.path)
        for path in ["locked-service-deploy.yaml", "test", "test/test-service-deploy.yaml"] {
            #expect(try await !Self.load(directory, paths: [path]).isEmpty, "\(path)")
        }
        for path in [
            "charts", "charts/nginx", "charts/nginx/Chart.yaml", "charts/nginx/values.yaml", "charts/nginx/templates/deployment.yaml",
        ] {
            #expect(try await Self.load(directory, paths: [path]).isEmpty, "\(path) is skipped as a chart")
        }
        #expect(ManifestTreeWalker(root: directory.path).isInChart("charts/nginx/templates"))
        #expect(!ManifestTreeWalker(root: directory.path).isInChart("test"))
    }
}

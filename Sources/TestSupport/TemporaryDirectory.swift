import Foundation

/// A directory under the system's temporary folder, removed when `remove()` is called.
/// Tests create one per test so they never share files.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "swiftflux") throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        let path = "\(base)/\(prefix)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        self.path = path
    }

    public func url(_ relative: String = "") -> URL {
        URL(fileURLWithPath: relative.isEmpty ? path : "\(path)/\(relative)")
    }

    /// Writes a file relative to the directory, creating parent folders.
    @discardableResult
    public func write(_ relative: String, _ contents: String) throws -> String {
        let full = "\(path)/\(relative)"
        let parent = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try contents.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }

    public func remove() {
        // try?: test cleanup; a leftover under the system temp directory harms nothing.
        try? FileManager.default.removeItem(atPath: path)
    }
}

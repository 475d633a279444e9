import CommandRunner

/// Renders a kustomization directory with an external tool: `kustomize build DIR` when
/// `kustomize` is on PATH, else `kubectl kustomize DIR`.
public struct KustomizeRenderer: Sendable {
    /// The program to run and the arguments that come before the directory.
    public var program: String
    public var arguments: [String]
    public var timeout: Duration

    public init(program: String, arguments: [String], timeout: Duration = .seconds(120)) {
        self.program = program
        self.arguments = arguments
        self.timeout = timeout
    }

    /// `kustomize build` if installed, else `kubectl kustomize`.
    public static func automatic(timeout: Duration = .seconds(120)) -> KustomizeRenderer {
        if let kustomize = Command.which("kustomize") {
            return KustomizeRenderer(program: kustomize, arguments: ["build"], timeout: timeout)
        }
        return KustomizeRenderer(program: Command.which("kubectl") ?? "kubectl", arguments: ["kustomize"], timeout: timeout)
    }

    /// File names that make a directory a kustomization.
    public static let kustomizationFileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// Runs the renderer on `absoluteDirectory`; errors name `relativeDirectory` and carry the
    /// tool's stderr.
    func render(absoluteDirectory: String, relativeDirectory: String) async throws(ManifestError) -> String {
        let displayName = relativeDirectory.isEmpty ? "." : relativeDirectory
        let toolName = ([program.split(separator: "/").last.map(String.init) ?? program] + arguments).joined(separator: " ")
        let result: CommandResult
        do {
            result = try await Command.run(
                program, arguments: arguments + [absoluteDirectory], workingDirectory: absoluteDirectory, timeout: timeout)
        } catch {
            throw ManifestError(
                code: .kustomize, file: displayName, line: nil, message: "cannot run \(toolName): \(error)")
        }
        guard result.succeeded else {
            let stderr = result.standardError.replacingAll(absoluteDirectory, with: displayName)
            throw ManifestError(
                code: .kustomize, file: displayName, line: nil,
                message: "\(toolName) failed (exit \(result.exitCode)): \(stderr.trimmingCharacters())")
        }
        return result.standardOutput
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }

    func trimmingCharacters() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}

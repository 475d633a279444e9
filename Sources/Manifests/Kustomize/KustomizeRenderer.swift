import KubernetesModel
import CommandRunner
import Foundation
import Kustomize

/// Renders a kustomization directory: natively (the `Kustomize` module, identical output to
/// kustomize v5, no external binary) by default, or with an external tool
/// (`kustomize build DIR` / `kubectl kustomize DIR`).
public struct KustomizeRenderer: Sendable {
    /// The program to run and the arguments that come before the directory; ignored when native.
    public var program: String
    public var arguments: [String]
    public var timeout: Duration
    /// Render in process with the native renderer.
    public var native: Bool
    /// Let the native renderer fetch remote `resources:` entries (git repositories, http(s)
    /// files), as kustomize does (`--enable-remote-resources`). Off: such entries are refused.
    public var allowRemoteResources = false

    public init(program: String, arguments: [String], timeout: Duration = .seconds(120)) {
        self.program = program
        self.arguments = arguments
        self.timeout = timeout
        self.native = false
    }

    /// The in-process renderer.
    public static let native: KustomizeRenderer = {
        var renderer = KustomizeRenderer(program: "", arguments: [])
        renderer.native = true
        return renderer
    }()

    /// What fluxd uses: the native renderer.
    public static func automatic(timeout: Duration = .seconds(120)) -> KustomizeRenderer { .native }

    /// An external binary: `kustomize build` if installed, else `kubectl kustomize`.
    public static func external(timeout: Duration = .seconds(120)) -> KustomizeRenderer {
        if let kustomize = Command.which("kustomize") {
            return KustomizeRenderer(program: kustomize, arguments: ["build"], timeout: timeout)
        }
        return KustomizeRenderer(program: Command.which("kubectl") ?? "kubectl", arguments: ["kustomize"], timeout: timeout)
    }

    /// File names that make a directory a kustomization.
    public static let kustomizationFileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// Runs the renderer on `absoluteDirectory`; errors name `relativeDirectory` and carry the
    /// tool's stderr. With `decryption`, SOPS-encrypted files the kustomization reads are
    /// decrypted in memory (native renderer only: an external tool would read them from disk).
    func render(
        absoluteDirectory: String, relativeDirectory: String, root: String? = nil, decryption: ManifestDecryption = .off
    ) async throws(ManifestError) -> String {
        let displayName = relativeDirectory.isEmpty ? "." : relativeDirectory
        if native {
            let remote = allowRemoteResources
            let show: (String) -> String = { path in
                guard let root, path.hasPrefix(root + "/") else { return path }
                return String(path.dropFirst(root.count + 1))
            }
            let rendered = try await DecryptingFileReader.render(decryption: decryption, show: show) {
                (reader) async throws(KustomizeError) -> String in
                let kustomizer = Kustomizer(allowRemoteResources: remote, fileReader: reader)
                // Remote fetches block for up to a minute each: off the shared concurrency threads.
                return remote
                    ? try await Self.onOwnThread { () throws(KustomizeError) in try kustomizer.render(directory: absoluteDirectory) }
                    : try kustomizer.render(directory: absoluteDirectory)
            }
            do {
                return try rendered.get()
            } catch {
                // Name files relative to the repository, like every other manifest error.
                let prefix = relativeDirectory.isEmpty ? "" : relativeDirectory + "/"
                let file = error.file.replacingAll(absoluteDirectory + "/", with: prefix)
                    .replacingAll(absoluteDirectory, with: displayName)
                let message = error.description.replacingAll(absoluteDirectory + "/", with: prefix)
                    .replacingAll(absoluteDirectory, with: displayName)
                throw ManifestError(code: .kustomize, file: file, line: error.line, message: message)
            }
        }
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
                message: "\(toolName) failed (exit \(result.exitCode)): \(stderr.trimmingWhitespace())")
        }
        return result.standardOutput
    }

    /// Runs blocking work on a thread of its own and waits for it without holding one of the
    /// concurrency pool's threads.
    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws(KustomizeError) -> T) async throws(KustomizeError)
        -> T
    {
        let result: Result<T, KustomizeError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do throws(KustomizeError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.start()
        }
        return try result.get()
    }
}

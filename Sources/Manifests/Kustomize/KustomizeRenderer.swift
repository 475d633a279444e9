import CommandRunner
import Foundation
import KubernetesModel
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
    /// Reads the files the native renderer needs (the local disk; a decrypting reader can
    /// be plugged in here).
    public var reader: any KustomizeFileReader = LocalFileReader()

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

    /// What a render produced: the native renderer's objects (handed over as they are, in
    /// kustomize's output order), or an external tool's YAML stream.
    enum Output: Sendable {
        case objects([JSONValue])
        case yaml(String)
    }

    /// Runs the renderer on `absoluteDirectory`; errors name `relativeDirectory` and carry the
    /// tool's stderr. With `decryption`, SOPS-encrypted files the kustomization reads are
    /// decrypted in memory (native renderer only: an external tool would read them from disk);
    /// `root` (the repository) shortens the file names decryption errors show.
    func render(
        absoluteDirectory: String, relativeDirectory: String, root: String? = nil, decryption: ManifestDecryption = .off
    ) async throws(ManifestError) -> Output {
        let displayName = relativeDirectory.isEmpty ? "." : relativeDirectory
        if native {
            let decrypting = DecryptingFileReader(base: reader, decryption: decryption) { path in
                guard let root, path.hasPrefix(root + "/") else { return path }
                return String(path.dropFirst(root.count + 1))
            }
            do {
                let kustomizer = Kustomizer(allowRemoteResources: allowRemoteResources, reader: decrypting)
                return .objects(try await kustomizer.build(directory: absoluteDirectory).map(Kustomizer.asPrinted))
            } catch {
                // A file that could not be decrypted fails the render under its own name.
                if let failure = decrypting.failure { throw failure }
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
        return .yaml(result.standardOutput)
    }
}

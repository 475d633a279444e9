/// A parsed `.flux.yaml` (Flux v1 manifest generation, `--manifest-generation`), tied to the
/// target path it was found for.
///
/// Three variants, as Flux v1 defines them (`version: 1` is required):
/// - `commandUpdated`: `generators` print the manifests; `updaters` (`containerImage`,
///   `policy` commands) edit the repository for releases and policy changes.
/// - `patchUpdated`: `generators` print the manifests; Flux keeps its own changes in
///   `patchFile` (strategic-merge patches applied over the generated objects).
/// - `files: {}`: treat the path as plain manifests (resets a `.flux.yaml` further up).
public struct GenerationConfig: Sendable, Hashable {
    /// One shell command from the file, with the line it is written on.
    public struct Command: Sendable, Hashable {
        public var command: String
        public var line: Int

        public init(command: String, line: Int) {
            self.command = command
            self.line = line
        }
    }

    /// One `updaters` entry of a `commandUpdated` file.
    public struct Updater: Sendable, Hashable {
        public var containerImage: Command?
        public var policy: Command?

        public init(containerImage: Command?, policy: Command?) {
            self.containerImage = containerImage
            self.policy = policy
        }
    }

    public enum Mode: Sendable, Hashable {
        case commandUpdated(generators: [Command], updaters: [Updater])
        /// `patchFile` is relative to the working directory; `patchFileLine` is where the
        /// `.flux.yaml` names it.
        case patchUpdated(generators: [Command], patchFile: String, patchFileLine: Int)
        case files
    }

    /// The file name Flux looks for.
    public static let fileName = ".flux.yaml"

    public var mode: Mode
    /// The `.flux.yaml` relative to the repository root.
    public var file: String
    /// The target path (relative to the repository root, "" for the root) the file was found
    /// for. Commands run there and `patchFile` is relative to it, as in Flux v1 — even when
    /// the `.flux.yaml` lives in a parent directory.
    public var workingDirectory: String

    public init(mode: Mode, file: String, workingDirectory: String) {
        self.mode = mode
        self.file = file
        self.workingDirectory = workingDirectory
    }

    /// The generator commands (none for `files`).
    public var generators: [Command] {
        switch mode {
        case .commandUpdated(let generators, _), .patchUpdated(let generators, _, _): return generators
        case .files: return []
        }
    }

    /// The patch file relative to the repository root, for `patchUpdated`.
    public var patchFilePath: String? {
        guard case .patchUpdated(_, let patchFile, _) = mode else { return nil }
        return RepositoryPath.join(workingDirectory, patchFile)
    }

    /// Where generated objects come from, for messages: Flux's `<target>/<path to config>`
    /// form, e.g. `staging/../.flux.yaml` for a file in the parent of the target `staging`.
    public var sourceName: String {
        let relative = RepositoryPath.relative(file, from: workingDirectory)
        return workingDirectory.isEmpty ? relative : "\(workingDirectory)/\(relative)"
    }
}

/// Path arithmetic on repository-relative paths ("" is the root).
enum RepositoryPath {
    static func join(_ directory: String, _ path: String) -> String {
        let joined = directory.isEmpty ? path : "\(directory)/\(path)"
        var components: [Substring] = []
        for component in joined.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty && components.last != ".." { components.removeLast() } else { components.append(component) }
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    static func parent(_ path: String) -> String? {
        guard !path.isEmpty else { return nil }
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// `file` as seen from `directory` (both relative to the root), with `..` steps.
    static func relative(_ file: String, from directory: String) -> String {
        let fileParts = file.split(separator: "/")
        let directoryParts = directory.split(separator: "/")
        var common = 0
        while common < fileParts.count - 1, common < directoryParts.count, fileParts[common] == directoryParts[common] {
            common += 1
        }
        let ups = Array(repeating: "..", count: directoryParts.count - common)
        return (ups + fileParts[common...].map(String.init)).joined(separator: "/")
    }
}

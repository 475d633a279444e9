import Foundation

extension GenerationConfig {
    /// Finds the `.flux.yaml` that governs a target path, as Flux v1 does: the target itself
    /// when it names a `.flux.yaml` file, else the first `.flux.yaml` in the target directory
    /// or one of its parents, up to the repository root (never above it).
    ///
    /// - Parameters:
    ///   - root: the repository's root directory (absolute).
    ///   - target: the target path relative to the root ("" for the root), already normalised.
    /// - Returns: `nil` when there is none (or the target is another file); a `files`
    ///   configuration is returned as such, so the caller treats the path as plain manifests.
    public static func find(root: String, target: String) throws(ManifestGenerationError) -> GenerationConfig? {
        let fileManager = FileManager.default
        let absoluteTarget = target.isEmpty ? root : "\(root)/\(target)"
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: absoluteTarget, isDirectory: &isDirectory) else { return nil }
        if !isDirectory.boolValue {
            guard target.split(separator: "/").last.map(String.init) == fileName else { return nil }
            return try load(root: root, file: target, workingDirectory: RepositoryPath.parent(target) ?? "")
        }
        var directory: String? = target
        while let current = directory {
            let candidate = current.isEmpty ? fileName : "\(current)/\(fileName)"
            if fileManager.fileExists(atPath: "\(root)/\(candidate)") {
                // Its commands run in the target directory: that must be in the checkout too.
                try RepositoryPath.requireInside(target, root: root, what: "the target path", file: candidate)
                return try load(root: root, file: candidate, workingDirectory: target)
            }
            directory = RepositoryPath.parent(current)
        }
        return nil
    }

    /// Reads and parses one `.flux.yaml`.
    static func load(root: String, file: String, workingDirectory: String) throws(ManifestGenerationError)
        -> GenerationConfig
    {
        try RepositoryPath.requireInside(file, root: root, what: "the file", file: file)
        let text: String
        do {
            text = try String(contentsOfFile: "\(root)/\(file)", encoding: .utf8)
        } catch {
            throw ManifestGenerationError(.unreadable, file: file, message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(text, file: file, workingDirectory: workingDirectory)
    }
}

import Foundation

extension RepositoryPath {
    /// Whether `relative` (a path below the repository `root`), symlinks resolved, stays in
    /// the checkout. A path that does not exist yet is judged by its nearest existing parent.
    static func staysInside(_ relative: String, root: String) -> Bool {
        let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        var candidate = relative.isEmpty ? root : "\(root)/\(relative)"
        while !FileManager.default.fileExists(atPath: candidate), candidate.count > root.count {
            candidate = (candidate as NSString).deletingLastPathComponent
        }
        let real = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
        return real == realRoot || real.hasPrefix(realRoot + "/")
    }

    /// Throws when `relative` leads out of the checkout through a symlink: `.flux.yaml`
    /// inputs (the file, the directory its commands run in, the patch file) must stay in
    /// the repository, as kustomize's load restrictor keeps a kustomization's files.
    static func requireInside(_ relative: String, root: String, what: String, file: String, line: Int? = nil)
        throws(ManifestGenerationError)
    {
        guard staysInside(relative, root: root) else {
            throw ManifestGenerationError(
                .outsideRepository, file: file, line: line,
                message: "\(what) \(relative.isEmpty ? "." : relative) leads outside the repository through a symlink; refused")
        }
    }
}

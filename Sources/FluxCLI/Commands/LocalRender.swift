import Foundation
import KubernetesModel
import Kustomize
import Logging
import Manifests

/// Renders a local path the way fluxd would load it (`fluxctl build` and `fluxctl diff`):
/// a kustomization directory natively, anything else as plain manifests with `.fluxignore`,
/// and, with `--manifest-generation`, a path governed by a `.flux.yaml` through its
/// generators. Nothing here talks to a cluster.
struct LocalRender {
    /// The path as the user gave it (for messages).
    var path: String
    var manifestGeneration: Bool
    var allowRemoteResources: Bool
    var generationTimeout: Duration = .seconds(60)

    /// Why rendering failed; the description is what the user sees.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The repository root (the nearest directory above `absolute` holding `.git`; else the
    /// path's own directory) and the path relative to it.
    static func locate(_ absolute: String) -> (root: String, relative: String) {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        _ = fileManager.fileExists(atPath: absolute, isDirectory: &isDirectory)
        let start = isDirectory.boolValue ? absolute : (absolute as NSString).deletingLastPathComponent
        var candidate = start
        while true {
            if fileManager.fileExists(atPath: candidate + "/.git") { break }
            let parent = (candidate as NSString).deletingLastPathComponent
            if parent == candidate || parent.isEmpty {
                candidate = start
                break
            }
            candidate = parent
        }
        let relative = absolute == candidate ? "" : String(absolute.dropFirst(candidate.count + (candidate == "/" ? 0 : 1)))
        return (candidate, relative)
    }

    var absolutePath: String {
        let base = FileManager.default.currentDirectoryPath
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }

    /// The kustomization directory to render directly, when the path is one and no
    /// `.flux.yaml` takes over.
    func kustomizationDirectory() throws -> String? {
        let absolute = absolutePath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            throw Failure(description: "\(path): no such file or directory")
        }
        guard isDirectory.boolValue,
            KustomizeRenderer.kustomizationFileNames.contains(where: {
                FileManager.default.fileExists(atPath: "\(absolute)/\($0)")
            })
        else { return nil }
        if manifestGeneration {
            let (root, relative) = Self.locate(absolute)
            do throws(ManifestGenerationError) {
                if try ManifestGeneration(root: root).configuration(forPath: relative) != nil { return nil }
            } catch {
                throw Failure(description: error.description)
            }
        }
        return absolute
    }

    /// kustomize's output for a kustomization directory, byte for byte.
    func renderKustomization(_ directory: String) async throws -> String {
        do {
            return try await Kustomizer(allowRemoteResources: allowRemoteResources).render(directory: directory)
        } catch {
            throw Failure(description: relativize(error.description, directory: directory))
        }
    }

    /// The objects fluxd would apply, namespaces defaulted with `isNamespaced`.
    func load(defaultNamespace: String, isNamespaced: @escaping NamespaceScopeOracle, logger: Logger) async throws
        -> [Manifest]
    {
        let absolute = absolutePath
        guard FileManager.default.fileExists(atPath: absolute) else {
            throw Failure(description: "\(path): no such file or directory")
        }
        let (root, relative) = Self.locate(absolute)
        var kustomize = KustomizeRenderer.native
        kustomize.allowRemoteResources = allowRemoteResources
        let loader = ManifestLoader(
            root: root, paths: [relative], kustomize: kustomize, manifestGeneration: manifestGeneration,
            generationTimeout: generationTimeout)
        do throws(ManifestLoadFailure) {
            return try await loader.load(defaultNamespace: defaultNamespace, isNamespaced: isNamespaced, logger: logger)
                .manifests
        } catch {
            // The loader names files relative to the repository root; show them the way the
            // user reaches them from here.
            let errors = error.errors.map { error in
                var shown = error
                shown.file = Self.display(error.file == "." ? root : "\(root)/\(error.file)")
                return shown
            }
            throw Failure(description: ManifestLoadFailure(errors: errors).description)
        }
    }

    /// An absolute path relative to the working directory when it is below it.
    static func display(_ absolute: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        if absolute == current { return "." }
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }

    /// Replaces the absolute directory in a message with the path as given.
    func relativize(_ message: String, directory: String) -> String {
        let shown = path.hasSuffix("/") ? String(path.dropLast()) : path
        return message.replacingOccurrences(of: directory, with: shown)
    }
}

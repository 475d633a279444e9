import Foundation
import YAMLEditing

/// A workload as written in one file of the repository.
public struct WorkloadDefinition: Sendable, Hashable {
    public var id: WorkloadID
    /// Path relative to the checkout root.
    public var file: String
    public var manifest: WorkloadManifest

    /// `fluxcd.io/locked: "true"`.
    public var isLocked: Bool { manifest.policy("locked") == "true" }
    /// `fluxcd.io/automated: "true"`.
    public var isAutomated: Bool { manifest.policy("automated") == "true" }
    /// `fluxcd.io/ignore: "true"` (fluxd neither applies nor edits it).
    public var isIgnored: Bool { manifest.policy("ignore") == "true" }
}

/// Every workload defined in the YAML files under the sync paths of a checkout: where to edit
/// when a policy or image changes.
///
/// A manifest's namespace is the one it names, else the default namespace; namespaces set by a
/// kustomization's `namespace:` are not seen (edit such workloads with `.flux.yaml`).
public struct WorkloadIndex: Sendable {
    public let root: String
    public let definitions: [WorkloadDefinition]
    /// Files that could not be read as YAML, with the reason (they hold no editable workloads).
    public let unreadable: [String]

    public init(root: String, paths: [String], defaultNamespace: String) throws(WorkloadUpdateError) {
        self.root = root
        var definitions: [WorkloadDefinition] = []
        var unreadable: [String] = []
        for file in try Self.files(root: root, paths: paths) {
            let text: String
            do {
                text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            } catch {
                unreadable.append("\(file): \(error.localizedDescription)")
                continue
            }
            do {
                for manifest in try YAMLEditor.workloads(in: text, file: file)
                where WorkloadID.kinds.contains(manifest.kind.lowercased()) {
                    let id = WorkloadID(
                        namespace: manifest.namespace ?? defaultNamespace, kind: manifest.kind, name: manifest.name)
                    definitions.append(WorkloadDefinition(id: id, file: file, manifest: manifest))
                }
            } catch {
                unreadable.append(error.description)
            }
        }
        self.definitions = definitions
        self.unreadable = unreadable
    }

    /// The one definition of `id`.
    public func definition(of id: WorkloadID) throws(WorkloadUpdateError) -> WorkloadDefinition {
        let found = definitions.filter { $0.id == id }
        switch found.count {
        case 1:
            return found[0]
        case 0:
            var message = "\(id) is defined in no manifest under the sync paths in git"
            if !unreadable.isEmpty { message += " (unreadable files: \(unreadable.joined(separator: "; ")))" }
            throw WorkloadUpdateError(.workloadNotInGit, workload: id.description, message)
        default:
            let places = found.map { "\($0.file):\($0.manifest.line)" }.joined(separator: ", ")
            throw WorkloadUpdateError(.ambiguousWorkload, workload: id.description, "\(id) is defined more than once: \(places)")
        }
    }

    /// YAML files under each path (the whole checkout when `paths` is empty), relative to
    /// `root`, sorted; hidden files and directories are skipped.
    static func files(root: String, paths: [String]) throws(WorkloadUpdateError) -> [String] {
        let manager = FileManager.default
        var result = Set<String>()
        for path in paths.isEmpty ? ["."] : paths {
            let clean = path == "." ? "" : path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let absolute = clean.isEmpty ? root : root + "/" + clean
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
                throw WorkloadUpdateError(.fileSystem, file: path, "the sync path \"\(path)\" does not exist in git")
            }
            guard isDirectory.boolValue else {
                result.insert(clean)
                continue
            }
            guard let enumerator = manager.enumerator(atPath: absolute) else { continue }
            while let relative = enumerator.nextObject() as? String {
                let components = relative.split(separator: "/")
                if components.contains(where: { $0.hasPrefix(".") }) { continue }
                guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
                result.insert(clean.isEmpty ? relative : clean + "/" + relative)
            }
        }
        return result.sorted()
    }
}

import Foundation
import ImagePolicy
import KubernetesModel
import Manifests
import YAMLEditing

/// Changes the policy annotations of workloads in a checkout, editing only the lines
/// concerned. What to change is `ImagePolicy.PolicyChange.edits(containers:)`; a policy the
/// workload already carries under another prefix (`flux.weave.works/`, `filter.fluxcd.io/`)
/// is updated in place, a new one is written under `fluxcd.io/`, and a removal removes it
/// under every prefix.
public enum PolicyEditor {
    /// Applies every update; returns the IDs of workloads whose definition changed (for
    /// generated workloads with updater commands: every one an updater ran for). Workloads in
    /// YAML files are edited in place, generated ones through their `.flux.yaml`. Every
    /// update is validated and every file edit worked out before anything is written; when an
    /// update fails, no YAML file is written and patch files are restored.
    public static func apply(_ updates: [PolicyChange], index: WorkloadIndex, defaultNamespace: String)
        async throws(WorkloadUpdateError) -> [WorkloadID]
    {
        var texts: [String: String] = [:]
        var original: [String: String] = [:]
        var order: [WorkloadID] = []
        var changed = Set<WorkloadID>()
        var generated: [(definition: WorkloadDefinition, config: GenerationConfig, changes: [AnnotationChange])] = []
        for update in updates {
            let id = update.workload
            let definition = try index.definition(of: id)
            let changes = try annotationChanges(update, definition: definition)
            if !order.contains(id) { order.append(id) }
            let file: String
            switch definition.origin {
            case .file(let path):
                file = path
            case .generated(let config):
                generated.append((definition, config, changes))
                continue
            }
            if texts[file] == nil {
                let text = try read(file, root: index.root)
                texts[file] = text
                original[file] = text
            }
            let before = texts[file] ?? ""
            let after: String
            do {
                after = try YAMLEditor.setAnnotations(
                    changes, workload: id, in: before, file: file, defaultNamespace: defaultNamespace)
            } catch {
                throw WorkloadUpdateError(error, workload: id.description)
            }
            texts[file] = after
            if after != before { changed.insert(id) }
        }
        var edits = try GeneratedEdits(index: index, needed: !generated.isEmpty)
        do throws(WorkloadUpdateError) {
            for (definition, config, changes) in generated {
                for change in changes {
                    if try await edits?.setPolicy(change, of: definition, config: config) == true {
                        changed.insert(definition.id)
                    }
                }
            }
            for (file, text) in texts where text != original[file] {
                try write(text, to: file, root: index.root)
            }
        } catch {
            edits?.restore()
            throw error
        }
        return order.filter { changed.contains($0) }
    }

    /// The annotation edits an update asks for (see `PolicyChange.edits(containers:)`).
    static func annotationChanges(_ update: PolicyChange, definition: WorkloadDefinition) throws(WorkloadUpdateError)
        -> [AnnotationChange]
    {
        do {
            return try update.edits(containers: definition.manifest.containers.map(\.name)).map { edit in
                AnnotationChange(key: edit.key, value: edit.value)
            }
        } catch {
            throw WorkloadUpdateError(error)
        }
    }

    static func read(_ file: String, root: String) throws(WorkloadUpdateError) -> String {
        do {
            return try String(contentsOfFile: root + "/" + file, encoding: .utf8)
        } catch {
            throw WorkloadUpdateError(.fileSystem, file: file, "cannot read: \(error.localizedDescription)")
        }
    }

    static func write(_ text: String, to file: String, root: String) throws(WorkloadUpdateError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + file))
        } catch {
            throw WorkloadUpdateError(.fileSystem, file: file, "cannot write: \(error.localizedDescription)")
        }
    }
}

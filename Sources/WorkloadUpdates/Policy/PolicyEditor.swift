import FluxAPI
import KubernetesModel
import Foundation
import Manifests
import YAMLEditing

/// Changes `fluxcd.io/*` policy annotations of workloads in a checkout, editing only the lines
/// concerned.
public enum PolicyEditor {
    /// Policy names a request may use (without prefix); `tag.<container>` and `tag_all` too.
    public static let names: Set<String> = ["automated", "locked", "locked_user", "locked_msg", "ignore"]

    /// Applies every update; returns the IDs of workloads whose definition changed (for
    /// generated workloads with updater commands: every one an updater ran for). Workloads in
    /// YAML files are edited in place, generated ones through their `.flux.yaml`. Every
    /// update is validated and every file edit worked out before anything is written; when an
    /// update fails, no YAML file is written and patch files are restored.
    public static func apply(_ updates: [PolicyUpdate], index: WorkloadIndex, defaultNamespace: String)
        async throws(WorkloadUpdateError) -> [WorkloadID]
    {
        var texts: [String: String] = [:]
        var original: [String: String] = [:]
        var order: [WorkloadID] = []
        var changed = Set<WorkloadID>()
        var generated: [(definition: WorkloadDefinition, config: GenerationConfig, changes: [AnnotationChange])] = []
        for update in updates {
            let id = try WorkloadID(validating: update.workload)
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
                    changes, workload: id.selector, in: before, file: file, defaultNamespace: defaultNamespace)
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

    /// The annotation edits an update asks for: names get the `fluxcd.io/` prefix, `tag_all`
    /// becomes one `tag.<container>` per container, and a tag pattern without a kind gets `glob:`.
    static func annotationChanges(_ update: PolicyUpdate, definition: WorkloadDefinition) throws(WorkloadUpdateError)
        -> [AnnotationChange]
    {
        var changes: [AnnotationChange] = []
        for name in update.add.keys.sorted() {
            let value = update.add[name] ?? ""
            if name == "tag_all" {
                for container in definition.manifest.containers {
                    changes.append(.set(PolicyAnnotation.tag(container.name), tagPattern(value)))
                }
                continue
            }
            try validate(name, workload: definition.id)
            changes.append(.set(PolicyAnnotation.prefix + name, name.hasPrefix("tag.") ? tagPattern(value) : value))
        }
        for name in update.remove.sorted() {
            if name == "tag_all" {
                for container in definition.manifest.containers {
                    changes.append(.remove(PolicyAnnotation.tag(container.name)))
                }
                continue
            }
            try validate(name, workload: definition.id)
            changes.append(.remove(PolicyAnnotation.prefix + name))
        }
        return changes
    }

    static func validate(_ name: String, workload: WorkloadID) throws(WorkloadUpdateError) {
        if names.contains(name) || (name.hasPrefix("tag.") && name.count > 4) { return }
        throw WorkloadUpdateError(
            .invalidRequest, workload: workload.description,
            "unknown policy \"\(name)\" (known: \(names.sorted().joined(separator: ", ")), tag.<container>, tag_all)")
    }

    /// `1.*` → `glob:1.*`; patterns naming their kind stay as they are.
    public static func tagPattern(_ pattern: String) -> String {
        for kind in ["glob:", "semver:", "regex:", "regexp:"] where pattern.hasPrefix(kind) { return pattern }
        return "glob:" + pattern
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

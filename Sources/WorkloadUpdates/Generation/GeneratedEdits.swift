import Foundation
import Manifests
import YAMLEditing

/// Image and policy changes to workloads a `.flux.yaml` generates, made the way Flux v1 makes
/// them: `commandUpdated` runs the `containerImage` / `policy` updaters with `FLUX_*`
/// variables; `patchUpdated` edits the patch file.
///
/// Patch files are remembered before their first edit so that `restore()` can put them back
/// when a later change fails; what updater commands wrote cannot be undone here (fluxd edits a
/// scratch checkout that it discards when the edit fails, so nothing reaches git either way).
struct GeneratedEdits {
    let generation: ManifestGeneration
    /// Patch file (relative to the root) → its text before the first edit, `nil` if absent.
    private var originals: [String: String?] = [:]

    init(generation: ManifestGeneration) {
        self.generation = generation
    }

    /// Sets one container's image; returns whether anything was (or may have been) changed.
    mutating func setImage(_ image: String, container: String, of definition: WorkloadDefinition, config: GenerationConfig)
        async throws(WorkloadUpdateError) -> Bool
    {
        try remember(config)
        do throws(ManifestGenerationError) {
            return try await generation.updateImage(
                config, workload: definition.id.description, container: container, image: image
            ).changed
        } catch {
            throw WorkloadUpdateError(error, workload: definition.id.description)
        }
    }

    /// Sets or removes one policy annotation (`fluxcd.io/…`); returns whether anything was
    /// (or may have been) changed.
    mutating func setPolicy(_ change: AnnotationChange, of definition: WorkloadDefinition, config: GenerationConfig)
        async throws(WorkloadUpdateError) -> Bool
    {
        try remember(config)
        do throws(ManifestGenerationError) {
            return try await generation.updatePolicy(
                config, workload: definition.id.description, key: change.key, value: change.value
            ).changed
        } catch {
            throw WorkloadUpdateError(error, workload: definition.id.description)
        }
    }

    /// Puts every edited patch file back as it was (removing those that did not exist).
    func restore() {
        for (path, text) in originals {
            let url = URL(fileURLWithPath: "\(generation.root)/\(path)")
            // Best effort on a failure path: the caller's checkout is scratch and is discarded
            // when the edit fails, so a file that cannot be put back never reaches git.
            if let text {
                try? Data(text.utf8).write(to: url, options: .atomic)
            } else {
                try? FileManager.default.removeItem(at: url)
            }
        }
    }

    /// Records a patch file's text before its first edit: `nil` only when it does not exist.
    /// A patch file that exists but cannot be read fails the edit (taking it as absent would
    /// make `restore()` delete it).
    private mutating func remember(_ config: GenerationConfig) throws(WorkloadUpdateError) {
        guard let path = config.patchFilePath, originals[path] == nil else { return }
        let absolute = "\(generation.root)/\(path)"
        guard FileManager.default.fileExists(atPath: absolute) else {
            originals[path] = .some(nil)
            return
        }
        do {
            originals[path] = .some(try String(contentsOfFile: absolute, encoding: .utf8))
        } catch {
            throw WorkloadUpdateError(.fileSystem, file: path, "cannot read the patch file: \(error.localizedDescription)")
        }
    }
}

extension GeneratedEdits {
    /// The edits for an index, when some are `needed`; an index built without manifest
    /// generation holds no generated definitions.
    init?(index: WorkloadIndex, needed: Bool) throws(WorkloadUpdateError) {
        guard needed else { return nil }
        guard let generation = index.generation else {
            throw WorkloadUpdateError(
                .generationFailed, "a generated workload to edit in an index built without manifest generation")
        }
        self.init(generation: generation)
    }
}

import FluxAPI
import KubernetesModel
import Manifests
import YAMLEditing

/// One image edit a release will make in git.
public struct PlannedEdit: Sendable, Hashable {
    public var definition: WorkloadDefinition
    public var container: String
    public var image: String
}

/// What a release will change and what it leaves alone.
public struct ReleasePlan: Sendable, Hashable {
    public var changes: [ImageChange]
    public var skipped: [SkippedWorkload]
    public var edits: [PlannedEdit]

    public var isEmpty: Bool { edits.isEmpty }
}

/// Works out and writes image releases: which containers of which workloads get which image.
public enum ReleasePlanner {
    /// For `updateAllImages`: the image a container should run by its workload's policy, or
    /// `nil` when nothing newer is known.
    public typealias NewestImage = @Sendable (_ definition: WorkloadDefinition, _ container: ContainerRef, _ current: ImageReference) -> ImageReference?

    /// Plans a release without touching files.
    ///
    /// - Parameters:
    ///   - include: extra filter on candidate workloads (automation passes only take automated ones).
    /// - Throws: for a bad request, or a named workload missing from git or defined twice.
    public static func plan(
        _ request: ReleaseRequest, index: WorkloadIndex, newest: NewestImage? = nil,
        include: (WorkloadDefinition) -> Bool = { _ in true }
    ) throws(WorkloadUpdateError) -> ReleasePlan {
        guard (request.image != nil) != request.updateAllImages else {
            throw WorkloadUpdateError(.invalidRequest, "give exactly one of an image (-i repository:tag) and --update-all-images")
        }
        guard request.all != !request.workloads.isEmpty else {
            throw WorkloadUpdateError(.invalidRequest, "give workloads (--workload) or --all, not both and not neither")
        }
        var target: ImageReference?
        if let image = request.image {
            do {
                target = try ImageReference(parsing: image)
            } catch {
                throw WorkloadUpdateError(.invalidRequest, error.description)
            }
            guard target?.tag != nil || target?.digest != nil else {
                throw WorkloadUpdateError(.invalidRequest, "image \"\(image)\" names no tag: give repository:tag")
            }
        }
        if request.updateAllImages && newest == nil {
            throw WorkloadUpdateError(.invalidRequest, "no image scan results: --update-all-images needs image scanning")
        }
        var excluded = Set<WorkloadID>()
        for text in request.exclude { excluded.insert(try WorkloadID(validating: text)) }

        let explicit = !request.all
        var candidates: [WorkloadDefinition] = []
        if explicit {
            for text in request.workloads { candidates.append(try index.definition(of: try WorkloadID(validating: text))) }
        } else {
            let counts = Dictionary(grouping: index.definitions, by: \.id)
            candidates = index.definitions.filter { counts[$0.id]?.count == 1 }.sorted { $0.id < $1.id }
        }

        var plan = ReleasePlan(changes: [], skipped: [], edits: [])
        for definition in candidates where include(definition) {
            let id = definition.id.description
            if excluded.contains(definition.id) {
                plan.skipped.append(SkippedWorkload(workload: id, reason: "excluded"))
                continue
            }
            if definition.isIgnored {
                if explicit { plan.skipped.append(SkippedWorkload(workload: id, reason: "ignored (fluxcd.io/ignore)")) }
                continue
            }
            if definition.isLocked && !request.force {
                plan.skipped.append(SkippedWorkload(workload: id, reason: "locked (use --force to release anyway)"))
                continue
            }
            var usesImage = false
            var edits: [PlannedEdit] = []
            for container in definition.manifest.containers {
                guard let written = container.image, let current = try? ImageReference(parsing: written) else { continue }
                let wanted: ImageReference?
                if let target {
                    guard current.isSameRepository(as: target) else { continue }
                    usesImage = true
                    wanted = target.tag.map { current.withTag($0) } ?? target
                } else {
                    usesImage = true
                    wanted = newest?(definition, container, current)
                }
                guard let wanted, wanted.description != written else { continue }
                edits.append(PlannedEdit(definition: definition, container: container.name, image: wanted.description))
                plan.changes.append(ImageChange(workload: id, container: container.name, from: written, to: wanted.description))
            }
            if let chosen = request.containers {
                edits.removeAll { edit in !chosen.contains { $0.workload == id && $0.container == edit.container && $0.to == edit.image } }
            }
            plan.edits += edits
            if edits.isEmpty && explicit && request.containers == nil {
                let reason =
                    if let target, !usesImage { "no container uses \(target.canonicalName)" } else { "up to date" }
                plan.skipped.append(SkippedWorkload(workload: id, reason: reason))
            }
        }
        if let chosen = request.containers {
            plan.changes.removeAll { change in !chosen.contains(change) }
            for wanted in chosen where !plan.changes.contains(wanted) {
                throw WorkloadUpdateError(
                    .invalidRequest,
                    "\(wanted.workload) container \(wanted.container): \(wanted.from) -> \(wanted.to) is no longer what a release would do; plan again")
            }
        }
        return plan
    }

    /// Writes the plan's edits into the checkout at `index.root`: YAML files are edited in
    /// place, generated workloads through their `.flux.yaml` (updaters or patch file). Every
    /// file edit is worked out before anything is written; when an edit fails, no YAML file is
    /// written and patch files are restored.
    public static func apply(_ plan: ReleasePlan, index: WorkloadIndex) async throws(WorkloadUpdateError) {
        var texts: [String: String] = [:]
        var generated: [(edit: PlannedEdit, config: GenerationConfig)] = []
        for edit in plan.edits {
            let file: String
            switch edit.definition.origin {
            case .file(let path):
                file = path
            case .generated(let config):
                generated.append((edit, config))
                continue
            }
            let before: String
            if let text = texts[file] { before = text } else { before = try PolicyEditor.read(file, root: index.root) }
            do {
                texts[file] = try YAMLEditor.setImage(
                    edit.image, container: edit.container, workload: edit.definition.id.selector, in: before, file: file,
                    defaultNamespace: edit.definition.id.namespace)
            } catch {
                throw WorkloadUpdateError(error, workload: edit.definition.id.description)
            }
        }
        var edits = try GeneratedEdits(index: index, needed: !generated.isEmpty)
        do throws(WorkloadUpdateError) {
            for (edit, config) in generated {
                _ = try await edits?.setImage(edit.image, container: edit.container, of: edit.definition, config: config)
            }
            for (file, text) in texts.sorted(by: { $0.key < $1.key }) {
                try PolicyEditor.write(text, to: file, root: index.root)
            }
        } catch {
            edits?.restore()
            throw error
        }
    }
}

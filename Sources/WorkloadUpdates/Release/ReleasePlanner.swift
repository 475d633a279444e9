import ImagePolicy
import KubernetesModel
import Manifests
import YAMLEditing

/// One image edit a release will make in git.
public struct PlannedEdit: Sendable, Hashable {
    public var definition: WorkloadDefinition
    public var container: String
    /// The image the container runs now, as written.
    public var from: String
    /// The image it will run.
    public var image: String

    public var workload: WorkloadID { definition.id }
}

/// A workload (or one of its containers) a release leaves alone, and why.
public struct ReleaseSkip: Sendable, Hashable {
    /// Flux v1's two kinds (`pkg/update/result.go`): `skipped`, the release would have
    /// changed the workload but may not (locked, up to date, not in git: `fluxctl -v` shows
    /// them); `ignored`, the release has nothing to do with it (excluded, another image:
    /// `fluxctl -vv`).
    public enum Status: String, Sendable, Hashable {
        case skipped, ignored
    }

    public var workload: WorkloadID
    public var status: Status
    public var reason: String

    public init(workload: WorkloadID, status: Status = .skipped, reason: String) {
        self.workload = workload
        self.status = status
        self.reason = reason
    }

    /// Flux v1's reasons (`pkg/update/filter.go`), word for word.
    public static let locked = "locked"
    public static let ignore = "ignore"
    public static let excluded = "excluded"
    public static let differentImage = "a different image"
    public static let notInRepository = "not found in repository"
    public static let upToDate = "image(s) up to date"
    public static let doesNotUseImage = "does not use image(s)"
}

/// What a release will change and what it leaves alone.
public struct ReleasePlan: Sendable, Hashable {
    public var edits: [PlannedEdit]
    public var skipped: [ReleaseSkip]

    public var isEmpty: Bool { edits.isEmpty }
}

/// Works out and writes image releases: which containers of which workloads get which image.
public enum ReleasePlanner {
    /// Plans a release without touching files.
    ///
    /// - Parameters:
    ///   - tags: image scan results by canonical repository name (`docker.io/library/nginx`),
    ///     needed for `.newest`; a repository without results is left as it is.
    ///   - include: extra filter on candidate workloads (automation passes only take automated ones).
    /// The filters are Flux v1's (`pkg/update/release_image.go`, `filter.go`), and so are the
    /// statuses and reasons of the workloads left alone: a workload named in the release but
    /// defined in no manifest is skipped ("not found in repository") while the others are
    /// released (when none is defined, that is an error); excluded ones and ones not running
    /// a named image are ignored ("excluded", "a different image"); `force` releases locked
    /// and `fluxcd.io/ignore`d workloads only when they are named (with `--all` they stay
    /// skipped: "locked", "ignore"); a named image is released only into containers whose tag
    /// policy accepts its tag, unless `force`; a workload with nothing newer is skipped
    /// ("image(s) up to date"), one running no scanned image ignored ("does not use image(s)").
    ///
    /// - Throws: a named workload defined twice; named workloads none of which git defines;
    ///   `.newest` without scan results.
    public static func plan(
        _ spec: ReleaseSpec, index: WorkloadIndex, tags: [String: [TagInfo]]? = nil,
        include: (WorkloadDefinition) -> Bool = { _ in true }
    ) throws(WorkloadUpdateError) -> ReleasePlan {
        if spec.images == .newest && tags == nil {
            throw WorkloadUpdateError(.invalidRequest, "no image scan results: --update-all-images needs image scanning")
        }
        var plan = ReleasePlan(edits: [], skipped: [])
        var candidates: [WorkloadDefinition] = []
        let explicit: Bool
        switch spec.targets {
        case .workloads(let ids):
            explicit = true
            var missing: WorkloadUpdateError?
            for id in ids {
                do throws(WorkloadUpdateError) {
                    candidates.append(try index.definition(of: id))
                } catch  where error.code == .workloadNotInGit {
                    missing = missing ?? error
                    plan.skipped.append(ReleaseSkip(workload: id, reason: ReleaseSkip.notInRepository))
                }
            }
            // None of the named workloads is in git: most likely a typo, said plainly rather than
            // answered with an empty release (Flux v1 returned one, every workload "skipped").
            if candidates.isEmpty, let missing { throw missing }
        case .all:
            explicit = false
            let counts = Dictionary(grouping: index.definitions, by: \.id)
            candidates = index.definitions.filter { counts[$0.id]?.count == 1 }.sorted { $0.id < $1.id }
        }
        // Flux v1: locks and `ignore` give way to --force only for workloads named in the release.
        let overridePolicies = explicit && spec.force

        for definition in candidates where include(definition) {
            let id = definition.id
            if spec.excluded.contains(id) {
                plan.skipped.append(ReleaseSkip(workload: id, status: .ignored, reason: ReleaseSkip.excluded))
                continue
            }
            // Flux v1 sets aside workloads that do not run a named image before it looks at locks.
            if case .image(let target) = spec.images, !uses(target, definition) {
                plan.skipped.append(ReleaseSkip(workload: id, status: .ignored, reason: ReleaseSkip.differentImage))
                continue
            }
            let policies = definition.policies
            if policies.locked && !overridePolicies {
                plan.skipped.append(ReleaseSkip(workload: id, reason: ReleaseSkip.locked))
                continue
            }
            if policies.ignore == .ignore && !overridePolicies {
                plan.skipped.append(ReleaseSkip(workload: id, reason: ReleaseSkip.ignore))
                continue
            }
            var usesImage = false
            var edits: [PlannedEdit] = []
            for container in definition.manifest.containers {
                guard let written = container.image else { continue }
                let current: ImageReference
                do {
                    current = try ImageReference(parsing: written)
                } catch {
                    // A container whose image is not a reference runs no repository to release.
                    continue
                }
                let wanted: ImageReference?
                switch spec.images {
                case .image(let target):
                    guard current.isSameRepository(as: target) else { continue }
                    usesImage = true
                    if !spec.force, let tag = target.tag {
                        switch policies.tagPolicy(for: container.name) {
                        case .success(let policy) where !policy.matches(tag):
                            plan.skipped.append(
                                ReleaseSkip(
                                    workload: id,
                                    reason: "container \(container.name): tag \(tag) is not allowed by its policy \(policy) "
                                        + "(use --force to release anyway)"))
                            continue
                        case .failure(let error):
                            plan.skipped.append(ReleaseSkip(workload: id, reason: "container \(container.name): \(error.reason)"))
                            continue
                        case .success: break
                        }
                    }
                    wanted = target.tag.map { current.withTag($0) } ?? target
                case .newest:
                    guard let scanned = tags?[current.canonicalName] else { continue }
                    usesImage = true
                    let choice = TagChoice(
                        container: container.name, currentTag: current.tag, policies: policies, tags: scanned,
                        automation: spec.automation)
                    if case .failure(let error) = choice.policy {
                        plan.skipped.append(ReleaseSkip(workload: id, reason: "container \(container.name): \(error.reason)"))
                        continue
                    }
                    wanted = choice.newest.map { current.withTag($0) }
                }
                guard let wanted, wanted.description != written else { continue }
                edits.append(PlannedEdit(definition: definition, container: container.name, from: written, image: wanted.description))
            }
            if let chosen = spec.chosen {
                edits.removeAll { edit in !chosen.contains { $0.matches(edit) } }
            }
            plan.edits += edits
            if edits.isEmpty && spec.chosen == nil && !plan.skipped.contains(where: { $0.workload == id }) {
                let skip =
                    switch (spec.images, usesImage) {
                    case (.image, false): ReleaseSkip(workload: id, status: .ignored, reason: ReleaseSkip.differentImage)
                    case (.newest, false): ReleaseSkip(workload: id, status: .ignored, reason: ReleaseSkip.doesNotUseImage)
                    default: ReleaseSkip(workload: id, reason: ReleaseSkip.upToDate)
                    }
                plan.skipped.append(skip)
            }
        }
        if let chosen = spec.chosen {
            for wanted in chosen.sorted(by: { $0.description < $1.description })
            where !plan.edits.contains(where: { wanted.matches($0) }) {
                throw WorkloadUpdateError(
                    .invalidRequest, "\(wanted) is no longer what a release would do; plan again")
            }
        }
        return plan
    }

    /// Whether a container of the workload runs the repository of `target`.
    static func uses(_ target: ImageReference, _ definition: WorkloadDefinition) -> Bool {
        definition.manifest.containers.contains { container in
            guard let written = container.image else { return false }
            do {
                return try ImageReference(parsing: written).isSameRepository(as: target)
            } catch {
                // Not a reference: runs no repository.
                return false
            }
        }
    }

    /// The repositories (canonical names) the workloads of `index` run: what to ask image
    /// scanning about before planning `.newest`.
    public static func repositories(in index: WorkloadIndex) -> Set<String> {
        var repositories = Set<String>()
        for definition in index.definitions {
            for container in definition.manifest.containers {
                guard let image = container.image else { continue }
                do {
                    repositories.insert(try ImageReference(parsing: image).canonicalName)
                } catch {
                    // Not a reference: nothing to scan (planning skips the container too).
                    continue
                }
            }
        }
        return repositories
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
                    edit.image, container: edit.container, workload: edit.definition.id, in: before, file: file,
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

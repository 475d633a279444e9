import FluxAPI
import Foundation
import GitRepository
import KubernetesClient
import KubernetesModel
import Kustomize
import Logging
import Synchronization
import WorkloadUpdates

/// What each API route does. Reads answer at once; writes to git and syncs run as jobs.
struct APIHandlers: Sendable {
    let configuration: DaemonConfiguration
    let client: KubernetesClient
    /// fluxd's namespace.
    let namespace: String
    let repository: GitRepository
    let runner: SyncRunner
    let passLock: PassLock
    let identity: IdentityHolder
    let jobs: JobQueue
    let catalog: any ImageCatalog
    let logger: Logger
    /// The health of the last applied revision's objects (`GET /health`).
    var health = HealthState()
    /// Told of every commit a job pushed (release, automation, policy) before it is synced:
    /// the job kind and what it pushed.
    var committed: @Sendable (_ kind: String, _ pushed: JobResult) async -> Void = { _, _ in }

    var workloads: LiveWorkloads {
        LiveWorkloads(client: client, allowedNamespaces: configuration.kubernetes.allowNamespaces)
    }

    var defaultNamespace: String { configuration.kubernetes.defaultNamespace }

    func version() -> VersionInfo {
        VersionInfo(
            version: SwiftFluxVersion.current, gitURL: configuration.git.url?.description,
            gitBranch: configuration.git.branch, gitPaths: configuration.git.paths, gitReadonly: configuration.git.readonly)
    }

    func job(_ id: String) async throws(APIFailure) -> JobStatus {
        guard let status = await jobs.store.status(id) else { throw .notFound("no job \(id)") }
        return status
    }

    // MARK: - Sync

    func submitSync() async -> JobReference {
        let id = await jobs.submit(kind: "sync") { progress in
            await progress.report("fetching \(configuration.git.url?.description ?? "") \(configuration.git.branch)")
            return try await syncAndReport(progress: progress, pushed: nil)
        }
        return JobReference(id: id)
    }

    /// Runs a sync pass (taking turns with the sync loop); a failed pass fails the job,
    /// keeping what a push before it did.
    func syncAndReport(progress: JobProgress, pushed: JobResult?) async throws -> JobResult {
        if let pushed, pushed.revision != nil {
            await committed(await jobs.store.status(progress.id)?.kind ?? "job", pushed)
        }
        let runner = self.runner
        let report = await passLock.withLock { await runner.syncOnce() }
        var result = pushed ?? JobResult()
        if result.revision == nil { result.revision = report.revision }
        result.sync = SyncSummary(report)
        guard report.succeeded else {
            var message = "sync of \(report.revision.map { String($0.prefix(7)) } ?? "the branch head") failed: "
            message += report.failure ?? "some objects failed to apply"
            if let sync = result.sync, !sync.errors.isEmpty { message += "\n" + sync.errors.joined(separator: "\n") }
            if let pushed = pushed?.revision { message = "pushed \(pushed.prefix(7)), but the " + message }
            throw JobFailure(message: message, result: result)
        }
        return result
    }

    func healthReport() async -> HealthReport { await health.report() }

    // MARK: - Identity

    func regenerateIdentity() async throws -> IdentityInfo {
        let key = try await DeployKey.generate(configuration.git.keyGeneration)
        try await Bootstrap.store(
            key, secretName: configuration.kubernetes.secretName, dataKey: configuration.kubernetes.secretDataKey,
            namespace: namespace, client: client)
        try await repository.replaceDeployKey(privateKey: key.privateKey)
        await identity.replace(with: key)
        logger.info("regenerated the SSH deploy key; add it to the git host", metadata: ["fingerprint": "\(key.fingerprint)"])
        return await identity.info
    }

    // MARK: - Cluster reads

    func images(workload: String?, namespace: String?) async throws -> [WorkloadImages] {
        var objects: [JSONValue]
        if let workload {
            let id: WorkloadID
            do {
                id = try WorkloadID(validating: workload)
            } catch {
                throw APIFailure.badRequest(error.description)
            }
            objects = try await workloads.objects(namespace: id.namespace).filter { LiveWorkloads.workloadID(of: $0) == id }
            guard !objects.isEmpty else { throw APIFailure.notFound("workload \(id) is not in the cluster") }
        } else {
            objects = try await workloads.objects(namespace: namespace)
        }
        return await ImageReport.images(of: objects, catalog: catalog)
    }

    func export() async throws -> String {
        let objects = try await workloads.objects(namespace: nil).map(WorkloadExport.clean)
        return Kustomizer.render(objects)
    }

    // MARK: - Git writes

    func requireWritable() throws(APIFailure) {
        if configuration.git.readonly {
            throw APIFailure.conflict("fluxd runs with --git-readonly: it does not write to git")
        }
    }

    /// Indexes the workloads of a checkout under the sync paths, as the sync reads them: with
    /// `--manifest-generation`, paths governed by a `.flux.yaml` come from its generators
    /// (bounded by `--sync-timeout`, as in the sync) and are edited through it.
    var loadIndex: @Sendable (_ directory: String) async throws -> WorkloadIndex {
        let (paths, defaultNamespace) = (configuration.git.paths, defaultNamespace)
        let (generation, timeout) = (configuration.sync.manifestGeneration, configuration.sync.timeout)
        return { directory in
            try await WorkloadIndex(
                root: directory, paths: paths, defaultNamespace: defaultNamespace, manifestGeneration: generation,
                generationTimeout: timeout)
        }
    }

    /// The commit author for a request: the user it names, with `--git-set-author`.
    func author(_ cause: Cause) -> GitIdentity? {
        guard configuration.git.setAuthor, let user = cause.user?.trimmingCharacters(in: .whitespaces), !user.isEmpty
        else { return nil }
        if let open = user.lastIndex(of: "<"), user.hasSuffix(">") {
            let name = user[..<open].trimmingCharacters(in: .whitespaces)
            let email = user[user.index(after: open)..<user.index(before: user.endIndex)]
            return GitIdentity(name: name.isEmpty ? String(email) : name, email: String(email))
        }
        return GitIdentity(name: user, email: configuration.git.email)
    }

    func submitPolicies(_ request: PolicyRequest) async throws(APIFailure) -> JobReference {
        try requireWritable()
        let changes = try WireMapping.policyChanges(request)
        let defaultNamespace = self.defaultNamespace
        let loadIndex = self.loadIndex
        let id = await jobs.submit(kind: "policy") { progress in
            await progress.report("updating policies in git")
            let changed = Mutex<[String]>([])
            let commit = try await repository.commitAndPush(
                author: author(request.cause), ciSkip: configuration.git.ciSkip
            ) { directory in
                let index = try await loadIndex(directory)
                let ids = try await PolicyEditor.apply(changes, index: index, defaultNamespace: defaultNamespace)
                changed.withLock { $0 = ids.map(\.description) }
                return request.cause.message ?? CommitMessages.policy(changes)
            }
            let workloads = changed.withLock { $0 }
            guard let commit else { return JobResult(workloads: []) }
            await progress.report("pushed \(commit.revision.prefix(7)); syncing")
            return try await syncAndReport(
                progress: progress, pushed: JobResult(revision: commit.revision, workloads: workloads))
        }
        return JobReference(id: id)
    }

    /// `ReleasePlanner.apply` behind an untyped, never-inlined call. Called directly from the
    /// release job's closure, the typed-throws async call crashes the Swift 6.3.1 compiler in
    /// release builds (signal 11 in LLVM's coroutine passes on that closure).
    @inline(never)
    static func write(_ plan: ReleasePlan, index: WorkloadIndex) async throws {
        try await ReleasePlanner.apply(plan, index: index)
    }

    func submitRelease(_ request: ReleaseRequest) async throws(APIFailure) -> JobReference {
        if !request.dryRun { try requireWritable() }
        let spec = try WireMapping.releaseSpec(request)
        let catalog = self.catalog
        let loadIndex = self.loadIndex
        let plan: @Sendable (String) async throws -> ReleasePlan = { directory in
            let index = try await loadIndex(directory)
            let tags = spec.images == .newest ? await catalog.tags(for: index) : nil
            let plan = try ReleasePlanner.plan(spec, index: index, tags: tags)
            if !request.dryRun { try await Self.write(plan, index: index) }
            return plan
        }
        let id = await jobs.submit(kind: "release") { progress in
            if request.dryRun {
                await progress.report("planning")
                let head = try await repository.fetch()
                let planned = try await repository.withExport(revision: head, plan)
                return JobResult(
                    revision: head, changes: WireMapping.imageChanges(planned), skipped: WireMapping.skipped(planned))
            }
            await progress.report("updating images in git")
            let planned = Mutex<ReleasePlan?>(nil)
            let commit = try await repository.commitAndPush(
                author: author(request.cause), ciSkip: configuration.git.ciSkip
            ) { directory in
                let result = try await plan(directory)
                planned.withLock { $0 = result }
                guard !result.isEmpty else { return nil }
                return request.cause.message ?? CommitMessages.release(result.edits)
            }
            let result = planned.withLock { $0 }
            let pushed = JobResult(
                revision: commit?.revision, changes: result.map(WireMapping.imageChanges) ?? [],
                skipped: result.map(WireMapping.skipped) ?? [])
            guard let commit else { return pushed }
            await progress.report("pushed \(commit.revision.prefix(7)); syncing")
            return try await syncAndReport(progress: progress, pushed: pushed)
        }
        return JobReference(id: id)
    }
}

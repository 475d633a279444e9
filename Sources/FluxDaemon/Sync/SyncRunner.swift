import ApplyEngine
import GitRepository
import KubernetesClient
import KubernetesModel
import Logging
import Manifests

/// One sync pass: fetch the branch head, render every configured path, apply, prune,
/// record the inventory and revision, emit an Event. Destructive steps run only after a
/// complete load.
struct SyncRunner: Sendable {
    let configuration: DaemonConfiguration
    let client: KubernetesClient
    let repository: GitRepository
    let engine: SyncEngine
    let recorder: RevisionRecorder
    /// fluxd's own namespace (inventory, events, secrets).
    let namespace: String
    let logger: Logger

    static let configMapGVK = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
    static let eventGVK = GroupVersionKind(group: "", version: "v1", kind: "Event")

    var sourceDescription: String {
        let paths = configuration.git.paths.isEmpty ? "." : configuration.git.paths.joined(separator: ",")
        return "\(configuration.git.url?.description ?? "") \(configuration.git.branch) [\(paths)]"
    }

    /// Runs one pass; `fetched` is a head the caller fetched already (saves a fetch).
    func syncOnce(fetched: String? = nil) async -> SyncReport {
        var report = SyncReport()
        let head: String
        do {
            if let fetched {
                head = fetched
            } else {
                head = try await repository.fetch()
            }
            report.revision = head
        } catch {
            report.failure = "fetching \(configuration.git.url?.description ?? ""): \(error)"
            await finish(&report)
            return report
        }
        let desired: [DesiredObject]
        do {
            desired = try await load(revision: head, report: &report)
        } catch {
            if report.failure == nil { report.failure = "\(error)" }
            await finish(&report)
            return report
        }
        let previous: Inventory?
        do {
            previous = try await readInventory()
        } catch {
            report.failure = "reading the inventory: \(error)"
            await finish(&report)
            return report
        }
        let (outcome, timedOut) = await applyWithinTimeout(desired, previous: previous?.entries ?? [])
        report.changes = outcome.changes
        if timedOut {
            report.failure = "the apply pass did not finish within --sync-timeout \(GoDuration(configuration.sync.timeout)); nothing was pruned"
        }
        do {
            let inventory = Inventory(revision: head, source: sourceDescription, entries: outcome.inventory)
            _ = try await client.apply(
                inventory.configMap(namespace: namespace, mark: engine.settings.mark), fieldManager: "flux", force: true)
        } catch {
            report.failure = "writing the inventory: \(error)"
        }
        if report.succeeded {
            do {
                try await recorder.record(head)
            } catch {
                report.failure = "recording revision \(head.prefix(7)) (--sync-state=\(configuration.sync.state.rawValue)): \(error)"
            }
        }
        await finish(&report)
        return report
    }

    /// Runs the engine, cancelling it when `--sync-timeout` passes; a cancelled pass stops
    /// applying and never prunes.
    func applyWithinTimeout(_ desired: [DesiredObject], previous: [InventoryEntry]) async
        -> (SyncEngine.Outcome, timedOut: Bool)
    {
        let engine = self.engine
        let timeout = configuration.sync.timeout
        return await withTaskGroup(of: SyncEngine.Outcome?.self) { group in
            group.addTask { await engine.sync(desired, previous: previous) }
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch {}
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if let first { return (first, false) }
            // The timer won: the engine sees the cancellation and returns what it did so far.
            while let next = await group.next() {
                if let outcome = next { return (outcome, true) }
            }
            return (SyncEngine.Outcome(changes: ChangeSet(), inventory: []), true)
        }
    }

    /// Renders the configured paths at `revision`; throws (after filling `report`) when
    /// anything fails to load, so that nothing gets pruned.
    func load(revision: String, report: inout SyncReport) async throws -> [DesiredObject] {
        let oracle = ScopeOracle(client: client)
        let paths = configuration.git.paths
        let defaultNamespace = configuration.kubernetes.defaultNamespace
        let logger = self.logger
        let (generation, generationTimeout) = (configuration.sync.manifestGeneration, configuration.sync.timeout)
        var kustomize = KustomizeRenderer.automatic()
        kustomize.allowRemoteResources = configuration.sync.remoteResources
        let renderer = kustomize
        let limits = configuration.manifestLimits
        let result: Result<ManifestSet, ManifestLoadFailure> = try await repository.withExport(revision: revision) { directory in
            let loader = ManifestLoader(
                root: directory, paths: paths, kustomize: renderer, manifestGeneration: generation,
                generationTimeout: generationTimeout, limits: limits)
            do throws(ManifestLoadFailure) {
                return .success(
                    try await loader.load(
                        defaultNamespace: defaultNamespace, isNamespaced: { try await oracle.isNamespaced($0) },
                        logger: logger))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .failure(let failure):
            report.loadErrors = failure.errors.map(\.description)
            report.failure = "\(failure.errors.count) manifest error(s); nothing applied or pruned"
            throw failure
        case .success(let set):
            for warning in set.warnings {
                logger.warning("manifest skipped", metadata: ["source": "\(warning.source)", "reason": "\(warning.message)"])
            }
            return try set.manifests.map { manifest in
                try DesiredObject(
                    object: manifest.object,
                    source: SourceLocation(file: manifest.source.path, line: manifest.source.line ?? 0))
            }
        }
    }

    func readInventory() async throws -> Inventory? {
        do {
            let configMap = try await client.get(Self.configMapGVK, namespace: namespace, name: Inventory.configMapName)
            return try Inventory(configMap: configMap)
        } catch let error as KubernetesError where error.isNotFound {
            return nil
        }
    }

    /// Logs the outcome and emits the Event; never fails the pass itself.
    func finish(_ report: inout SyncReport) async {
        var metadata: Logger.Metadata = ["revision": "\(report.revision ?? "unknown")"]
        if let changes = report.changes { metadata["changes"] = "\(changes.summary)" }
        if report.succeeded {
            logger.info("sync succeeded", metadata: metadata)
        } else {
            metadata["error"] = "\(report.failure ?? "some objects failed")"
            logger.error("sync failed", metadata: metadata)
            for line in report.loadErrors { logger.error("manifest error", metadata: ["error": "\(line)"]) }
        }
        let event = SyncEvent.make(
            namespace: namespace, revision: report.revision, changes: report.changes,
            failure: report.failure.map { failure in
                report.loadErrors.isEmpty ? failure : failure + ": " + report.loadErrors.joined(separator: "; ")
            })
        do {
            _ = try await client.create(event)
        } catch {
            logger.warning("could not record the sync event", metadata: ["error": "\(error)"])
        }
    }
}

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
    /// Remembers each pass for the API's status and history.
    let activity: ActivityLog
    /// Writes the sync Events (correlated, as client-go does).
    let events: EventRecorder
    /// Told about every pass (metrics, notifications, health).
    let observers: SyncObservers
    /// `--git-verify-signatures-mode`: the revision a pass may apply.
    var signatureGate: SignatureGate? = nil
    /// `--sops` and `--git-secret`: what is done to the checkout before it is read.
    var secrets: CheckoutSecrets = CheckoutSecrets()

    static let configMapGVK = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
    static let eventGVK = GroupVersionKind(group: "", version: "v1", kind: "Event")

    var sourceDescription: String {
        let paths = configuration.git.paths.isEmpty ? "." : configuration.git.paths.joined(separator: ",")
        return "\(configuration.git.url?.description ?? "") \(configuration.git.branch) [\(paths)]"
    }

    /// Runs one pass; `fetched` is a head the caller fetched already (saves a fetch). The
    /// observers hear of it when it is done.
    func syncOnce(fetched: String? = nil) async -> SyncReport {
        let clock = ContinuousClock()
        let started = clock.now
        let report = await pass(fetched: fetched)
        await observers.synced(report, duration: clock.now - started)
        return report
    }

    func pass(fetched: String?) async -> SyncReport {
        var report = SyncReport()
        var head: String
        do {
            if let fetched {
                head = fetched
            } else {
                head = try await repository.fetch()
                observers.fetched(true)
            }
            report.revision = head
        } catch {
            observers.fetched(false)
            report.failure = "fetching \(configuration.git.url?.description ?? ""): \(error)"
            await finish(&report)
            return report
        }
        if let signatureGate {
            do {
                let verified = try await signatureGate.revisionToSync(head: head)
                head = verified.revision
                report.revision = head
                report.unverifiedHead = verified.unverified
            } catch {
                report.failure = "verifying signatures (--git-verify-signatures-mode): \(error)"
                await finish(&report)
                return report
            }
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
        report.inventory = outcome.inventory
        report.sources = Dictionary(desired.compactMap { object in object.source.map { (object.key, $0) } }) { first, _ in first }
        if timedOut {
            report.failure =
                "the apply pass did not finish within --sync-timeout \(GoDuration(configuration.sync.timeout)); nothing was pruned"
        }
        do {
            let inventory = Inventory(revision: head, source: sourceDescription, entries: outcome.inventory)
            _ = try await client.apply(
                inventory.configMap(namespace: namespace, mark: engine.settings.mark), fieldManager: "flux", force: true)
        } catch {
            report.failure = "writing the inventory: \(error)"
        }
        if report.applied {
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
        let secrets = self.secrets
        let limits = configuration.manifestLimits
        let result: Result<ManifestSet, ManifestLoadFailure> = try await repository.withExport(revision: revision) { directory in
            try await secrets.prepare(directory)
            var loader = ManifestLoader(
                root: directory, paths: paths, kustomize: renderer, manifestGeneration: generation,
                generationTimeout: generationTimeout, limits: limits)
            loader.decryption = secrets.decryption
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
            report.manifestErrors = failure.errors
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
        if let unverified = report.unverifiedHead {
            logger.error("branch head not synced: signature verification failed", metadata: ["reason": "\(unverified)"])
        }
        if report.applied {
            logger.info("sync succeeded", metadata: metadata)
        } else {
            metadata["error"] = "\(report.failure ?? "some objects failed")"
            logger.error("sync failed", metadata: metadata)
            for line in report.loadErrors { logger.error("manifest error", metadata: ["error": "\(line)"]) }
        }
        let failure = (report.failure ?? report.unverifiedHead).map { failure in
            report.loadErrors.isEmpty ? failure : failure + ": " + report.loadErrors.joined(separator: "; ")
        }
        for event in SyncEvent.records(namespace: namespace, revision: report.revision, changes: report.changes, failure: failure) {
            await events.record(event)
        }
        await recordActivity(report)
    }
}

import ImagePolicy
import KubernetesModel
import Logging

/// Applies a complete set of desired objects to a cluster and prunes what the previous
/// sync applied that the set no longer has. One instance per fluxd; each call is one pass.
public struct SyncEngine: Sendable {
    public struct Settings: Sendable {
        public var fieldManager: String
        public var mark: SyncMark
        public var filter: NamespaceFilter
        public var garbageCollection: Bool
        public var garbageCollectionDry: Bool
        public var concurrency: Int
        /// How long to wait for a CRD to become established.
        public var crdTimeout: Duration
        /// Globs over `apiVersion/kind` (`v1/Event`, `*metrics.k8s.io/*`) of objects never looked
        /// up or pruned (fluxd's `--k8s-unsafe-exclude-resource`, as in Flux v1).
        public var excludedResources: [String] = []

        public init(
            fieldManager: String = "flux", mark: SyncMark, filter: NamespaceFilter = NamespaceFilter(allowed: []),
            garbageCollection: Bool = false, garbageCollectionDry: Bool = false, concurrency: Int = 16,
            crdTimeout: Duration = .seconds(30), excludedResources: [String] = []
        ) {
            self.fieldManager = fieldManager
            self.mark = mark
            self.filter = filter
            self.garbageCollection = garbageCollection
            self.garbageCollectionDry = garbageCollectionDry
            self.concurrency = concurrency
            self.crdTimeout = crdTimeout
            self.excludedResources = excludedResources
        }
    }

    /// The outcome of a pass: per-object results and the inventory to record: the objects of
    /// this pass plus every earlier one not pruned yet (so a pass that could not prune never
    /// shrinks the inventory and orphans objects).
    public struct Outcome: Sendable {
        public var changes: ChangeSet
        public var inventory: [InventoryEntry]

        public init(changes: ChangeSet, inventory: [InventoryEntry]) {
            self.changes = changes
            self.inventory = inventory
        }
    }

    public let cluster: any ClusterAccess
    public let settings: Settings
    public let logger: Logger
    /// Times the waits of a pass (CRDs becoming established); tests pass a clock they drive.
    public let clock: any Clock<Duration>

    public init(
        cluster: any ClusterAccess, settings: Settings, logger: Logger, clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.cluster = cluster
        self.settings = settings
        self.logger = logger
        self.clock = clock
    }

    /// Applies `objects` (a complete, successfully loaded set) and prunes against `previous`.
    /// Callers must not call this after a failed load: then nothing may be pruned.
    public func sync(_ objects: [DesiredObject], previous: [InventoryEntry]) async -> Outcome {
        var changes = ChangeSet()
        var toApply: [DesiredObject] = []
        var inventory: [InventoryEntry] = []
        for desired in objects {
            guard settings.filter.allows(desired.key) else {
                changes.results.append(ObjectResult(key: desired.key, action: .skipped, reason: "namespace not allowed"))
                continue
            }
            // Ignored in git: not applied, but still in git, so not a prune candidate either
            // (Flux v1 recorded ignored manifests in the sync set for its garbage collection).
            inventory.append(InventoryEntry(key: desired.key, apiVersion: desired.gvk.apiVersion))
            if IgnorePolicy(object: desired.object) == .ignore {
                changes.results.append(ObjectResult(key: desired.key, action: .skipped, reason: "fluxcd.io/ignore in git"))
                continue
            }
            toApply.append(desired)
        }
        for (phase, members) in ApplyOrder.phases(toApply) {
            if Task.isCancelled {
                for desired in members {
                    changes.results.append(ObjectResult(key: desired.key, action: .failed, reason: "not applied: the sync was cancelled"))
                }
                continue
            }
            let known = await liveObjects(for: members)
            let results = await concurrentMap(members, limit: settings.concurrency) { desired in
                await applyOne(desired, known: known)
            }
            changes.results.append(contentsOf: results)
            if phase == .namespacesAndDefinitions {
                let crds = members.filter { ApplyOrder.isCRD($0.key) }
                for failure in await waitForCRDs(crds).compactMap({ $0 }) {
                    // The CRD was applied but is not usable: report it as failed, once.
                    if let index = changes.results.firstIndex(where: { $0.key == failure.key }) {
                        changes.results[index] = failure
                    }
                }
            }
        }
        // Prune candidates stay in the inventory until they are pruned or come back, whatever
        // kept this pass from pruning them (GC off or dry, refusal, cancellation, failures).
        let current = Set(inventory.map(\.key))
        var retained = previous.filter { !current.contains($0.key) }
        if settings.garbageCollection {
            if Task.isCancelled {
                changes.errors.append("the sync was cancelled before pruning; nothing was pruned")
            } else {
                retained = await prune(previous: previous, current: current, into: &changes)
            }
        }
        return Outcome(changes: changes, inventory: inventory + retained)
    }

    /// - Parameter known: live objects already listed for this phase (absent key: not listed).
    func applyOne(_ desired: DesiredObject, known: [ObjectKey: JSONValue?]) async -> ObjectResult {
        let key = desired.key
        if Task.isCancelled {
            // The pass was cancelled (--sync-timeout) before this object's turn: stop applying.
            return ObjectResult(key: key, action: .failed, reason: "not applied: the sync was cancelled")
        }
        do {
            let live: JSONValue?
            if let listed = known[key] {
                live = listed
            } else {
                live = try await cluster.get(desired.gvk, namespace: key.namespace, name: key.name)
            }
            if IgnorePolicy(object: live) == .ignore {
                return ObjectResult(key: key, action: .skipped, reason: "fluxcd.io/ignore on the live object")
            }
            let prepared = Drift.prepared(desired.object, mark: settings.mark)
            if let live, Drift.isInSync(prepared: prepared, live: live) {
                return ObjectResult(key: key, action: .unchanged)
            }
            let (applied, created) = try await cluster.apply(
                prepared, gvk: desired.gvk, fieldManager: settings.fieldManager, force: true, dryRun: false)
            let action: ObjectAction
            if created || live == nil {
                action = .created
            } else if applied.resourceVersion != nil && applied.resourceVersion == live?.resourceVersion {
                action = .unchanged
            } else {
                action = .configured
            }
            return ObjectResult(key: key, action: action)
        } catch {
            let explained = explain(error, desired: desired)
            logger.warning(
                "apply failed",
                metadata: ["object": "\(key)", "source": "\(desired.source.map { "\($0)" } ?? "")", "error": "\(explained)"])
            return ObjectResult(key: key, action: .failed, reason: explained.description)
        }
    }

    func explain(_ error: any Error, desired: DesiredObject) -> ApplyError {
        if let apply = error as? ApplyError { return apply }
        guard let details = error as? any ClusterErrorDetails else {
            return ApplyError(code: .applyFailed, message: "\(error)", object: desired.key, source: desired.source)
        }
        var code = ApplyError.Code.applyFailed
        if details.reason == "Invalid" && details.message.contains("immutable") { code = .immutableField }
        if details.reason == "Conflict" { code = .conflict }
        var message = details.message
        if details.httpStatus == 413 || details.message.contains("request is too large") {
            // Name the size and the limit: 413 is kube-apiserver's 3 MiB request limit, the 500
            // is etcd's --max-request-bytes (1.5 MiB by default).
            code = .objectTooLarge
            let size = ByteSize.approximate(desired.object.serializedBytes().count)
            let limit =
                details.httpStatus == 413
                ? "kube-apiserver accepts at most 3MiB per request"
                : "etcd stores at most --max-request-bytes (1.5MiB by default) per object"
            message = "the object is \(size) as JSON; \(limit): \(details.message)"
        }
        return ApplyError(
            code: code, message: message, object: desired.key, source: desired.source,
            httpStatus: details.httpStatus)
    }
}

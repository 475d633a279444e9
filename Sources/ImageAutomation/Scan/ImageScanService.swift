import AsyncHTTPClient
import Foundation
import ImagePolicy
import KubernetesClient
import KubernetesModel
import Logging
import Registry
import ServiceLifecycle

/// Scans the registries of every image the cluster's workloads run, on a timer and on
/// demand, and keeps the latest results for `list-images`, releases and automation.
///
/// Each pass lists the workloads (`ClusterWorkloads`), drops `--registry-exclude-image`
/// images, and asks `Registry.Scanner` about every repository in use that is due (adaptive
/// intervals, see `RefreshSchedule`). Tag metadata is read only where a policy orders by
/// creation time (glob, regex) or `metadataForAllImages` is set. Registries are scanned
/// concurrently and each registry's results are published as soon as it is done, so a slow
/// or failing registry delays no other. Repositories with new tags are announced on
/// `newTags`, so automation can run at once. The cache is loaded before the first pass and
/// saved once after every pass that asked a registry anything (`ImageScanSettings.cacheFile`),
/// so a restart does not
/// rescan everything.
///
/// Run it in a `ServiceGroup` (`run()`), or call `scanNow()` directly (tests, `--once`).
public actor ImageScanService: Service {
    public nonisolated let settings: ImageScanSettings
    /// The canonical names of repositories that got new tags (every repository on its first
    /// scan), announced as each registry's results arrive, so automation can run at once. One
    /// consumer (the automation loop); the newest 16 notifications are kept when it falls behind.
    public nonisolated let newTags: AsyncStream<Set<String>>
    private let newTagsContinuation: AsyncStream<Set<String>>.Continuation
    private let listWorkloads: @Sendable () async throws -> [Workload]
    private let scanner: Registry.Scanner
    private let logger: Logger

    /// The cache on disk: loaded once, written after passes that scanned something. The
    /// scanner works on an in-memory copy so that concurrent registries do not each rewrite
    /// the file, and a pass with nothing due writes nothing.
    private let store: ImageCache
    private var cacheLoaded = false
    private var current: [String: RepositoryScan] = [:]
    private var currentWorkloads: [Workload] = []
    private var report: ImageScanReport?
    /// One pass at a time (the timer's, `scanNow`'s).
    private let passLock = AsyncLock()
    private var wakeup: CheckedContinuation<Void, Never>?
    private var triggered = false
    private var forceRequested = false
    /// Policy errors already logged, so a broken annotation is reported once, not every pass.
    private var loggedPolicyErrors: Set<PolicyError> = []
    /// Repositories the pass in progress rescans even when not due (`scanNow(forcing:)`).
    private var forcedRepositories: Set<String> = []

    /// A service scanning the workloads of `kubernetes` with `registry`, whose options should
    /// be `settings.registry`.
    public init(settings: ImageScanSettings, kubernetes: KubernetesClient, registry: RegistryClient, logger: Logger) {
        let lister = ClusterWorkloads(
            client: kubernetes, allowedNamespaces: settings.allowedNamespaces, dockerConfig: settings.registry.keychain,
            logger: logger)
        self.init(settings: settings, registry: registry, logger: logger) { try await lister.list() }
    }

    /// A service with its own registry client on `httpClient` (which the caller owns), built
    /// from `settings.registry`.
    public init(settings: ImageScanSettings, kubernetes: KubernetesClient, httpClient: HTTPClient, logger: Logger) {
        self.init(
            settings: settings, kubernetes: kubernetes,
            registry: RegistryClient(httpClient: httpClient, options: settings.registry, logger: logger), logger: logger)
    }

    /// A service scanning the images of whatever workloads `workloads` returns each pass.
    public init(
        settings: ImageScanSettings, registry: RegistryClient, logger: Logger,
        workloads: @escaping @Sendable () async throws -> [Workload]
    ) {
        self.settings = settings
        self.listWorkloads = workloads
        self.logger = logger
        store = ImageCache(path: settings.cacheFile)
        scanner = Registry.Scanner(client: registry, cache: ImageCache(path: nil), schedule: settings.refresh, logger: logger)
        (newTags, newTagsContinuation) = AsyncStream.makeStream(of: Set<String>.self, bufferingPolicy: .bufferingNewest(16))
    }

    // MARK: running

    /// Runs a pass at once, then one every `settings.scanInterval` or when triggered, until
    /// cancelled or the service group shuts down (a pass in flight is then cancelled).
    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                let force = await self.takeTrigger()
                _ = await self.scanNow(force: force)
                await self.waitForTrigger(timeout: self.settings.scanInterval)
            }
        }
        newTagsContinuation.finish()
    }

    /// Asks the running service for a pass now; `force` rescans repositories that are not
    /// due yet (a webhook said a repository changed). Triggers during a pass coalesce.
    public func trigger(force: Bool = false) {
        triggered = true
        forceRequested = forceRequested || force
        wakeup?.resume()
        wakeup = nil
    }

    /// Runs one pass now (after any pass in flight) and returns its report.
    public func scanNow(force: Bool = false) async -> ImageScanReport {
        await passLock.withLock { await pass(force: force) }
    }

    /// Runs one pass now that rescans `repositories` (canonical names) even when they are not
    /// due: a webhook said new tags were pushed there.
    public func scanNow(forcing repositories: Set<String>) async -> ImageScanReport {
        await passLock.withLock {
            forcedRepositories = repositories
            defer { forcedRepositories = [] }
            return await pass(force: false)
        }
    }

    // MARK: results

    /// The latest scan of a repository, by canonical name (`docker.io/library/nginx`) or as
    /// written (`nginx`, `127.0.0.1:5000/app:v1`); `nil` when no workload uses it (or it is
    /// excluded) or no pass has run.
    public func repository(_ name: String) -> RepositoryScan? {
        if let scan = current[name] { return scan }
        do {
            return current[try ImageReference(parsing: name).canonicalName]
        } catch {
            return nil
        }
    }

    /// The latest scan of `image`'s repository.
    public func repository(for image: ImageReference) -> RepositoryScan? { current[image.canonicalName] }

    /// Every repository in use, by canonical name.
    public var repositories: [String: RepositoryScan] { current }

    /// The workloads of the latest pass, sorted by ID.
    public var workloads: [Workload] { currentWorkloads }

    public func workload(_ id: WorkloadID) -> Workload? { currentWorkloads.first { $0.id == id } }

    /// The report of the latest pass.
    public var lastReport: ImageScanReport? { report }

    /// Each container's available tags under its policy, newest first, and the tag
    /// automation would release (see `ContainerTags`).
    public func containerTags(of workload: Workload) -> [ContainerTags] {
        workload.containers.map { container in
            ContainerTags(
                workload: workload.id, container: container, policies: workload.policies,
                scan: container.reference.flatMap { current[$0.canonicalName] })
        }
    }

    // MARK: the pass

    private func pass(force: Bool) async -> ImageScanReport {
        await loadCacheOnce()
        let clock = ContinuousClock()
        let started = clock.now
        let startDate = Date()
        let workloads: [Workload]
        do {
            workloads = try await listWorkloads()
        } catch {
            logger.error("cannot list workloads for image scanning", metadata: ["error": "\(error)"])
            ScanMetrics.recordListFailure()
            let failed = ImageScanReport(
                started: startDate, duration: clock.now - started, workloads: currentWorkloads, repositories: current,
                newTags: [:], excludedImages: report?.excludedImages ?? [], listError: error)
            report = failed
            return failed
        }
        let plan = ScanPlan(workloads: workloads, settings: settings)
        currentWorkloads = workloads
        logPolicyErrors(of: workloads)
        let inUse = Set(plan.targets.map { $0.image.canonicalName })
        current = current.filter { inUse.contains($0.key) }
        let forgotten = await forgetUnused(inUse: inUse, now: startDate)

        var byHost: [String: [ScanTarget]] = [:]
        for target in plan.targets { byHost[target.image.registry, default: []].append(target) }
        let scanner = self.scanner
        let forced = self.forcedRepositories
        var newTags: [String: [String]] = [:]
        await withTaskGroup(of: [String: RepositoryScan].self) { group in
            for targets in byHost.values {
                group.addTask {
                    guard !forced.isEmpty else { return await scanner.scan(targets, now: startDate, force: force) }
                    let (now, later) = (
                        targets.filter { forced.contains($0.image.canonicalName) },
                        targets.filter { !forced.contains($0.image.canonicalName) }
                    )
                    var results = now.isEmpty ? [:] : await scanner.scan(now, now: startDate, force: true)
                    results.merge(await scanner.scan(later, now: startDate, force: force)) { first, _ in first }
                    return results
                }
            }
            for await results in group {
                let fresh = publish(results)
                newTags.merge(fresh) { $1 }
            }
        }
        let finished = ImageScanReport(
            started: startDate, duration: clock.now - started, workloads: workloads, repositories: current,
            newTags: newTags, excludedImages: plan.excludedImages, listError: nil)
        report = finished
        await persist(finished.scannedRepositories, forgotten: !forgotten.isEmpty)
        ScanMetrics.record(finished)
        let level: Logger.Level = finished.scannedRepositories.isEmpty ? .debug : .info
        logger.log(
            level: level, "image scan pass",
            metadata: [
                "workloads": "\(workloads.count)", "repositories": "\(current.count)",
                "scanned": "\(finished.scannedRepositories.count)", "errors": "\(finished.errors.count)",
                "newTags": "\(newTags.values.reduce(0) { $0 + $1.count })", "duration": "\(finished.duration)",
            ])
        return finished
    }

    /// Logs policy annotations that cannot be used (an invalid tag pattern, a pattern for a
    /// container the workload lacks) when they first appear: automation skips those containers.
    private func logPolicyErrors(of workloads: [Workload]) {
        var current = Set<PolicyError>()
        for workload in workloads {
            current.formUnion(workload.policies.errors(containers: workload.containers.map(\.name)))
        }
        for error in current.subtracting(loggedPolicyErrors).sorted(by: { $0.description < $1.description }) {
            logger.error(
                "invalid policy annotation; automation leaves the container alone",
                metadata: [
                    "workload": "\(error.workload.map(\.description) ?? "")", "annotation": "\(error.annotation)", "error": "\(error)",
                ])
        }
        loggedPolicyErrors = current
    }

    /// Makes one registry's results visible and announces its new tags.
    private func publish(_ results: [String: RepositoryScan]) -> [String: [String]] {
        var fresh: [String: [String]] = [:]
        for (name, scan) in results {
            current[name] = scan
            if scan.hasNewTags { fresh[name] = scan.newTags }
            if let error = scan.error {
                logger.info("cannot scan repository", metadata: ["repository": "\(name)", "error": "\(error)"])
            }
        }
        if !fresh.isEmpty { newTagsContinuation.yield(Set(fresh.keys)) }
        return fresh
    }

    private func loadCacheOnce() async {
        guard !cacheLoaded else { return }
        cacheLoaded = true
        do {
            try await store.load()
        } catch {
            logger.warning("cannot read the image cache; scanning everything", metadata: ["error": "\(error)"])
        }
        for name in await store.repositoryNames {
            if let record = await store.record(for: name) { await scanner.cache.update(record, for: name) }
        }
    }

    /// Copies what this pass scanned into the cache on disk and writes it.
    /// Drops repositories no workload has used for `settings.cacheRetention` from the cache,
    /// so the cache file does not grow with every image ever deployed.
    private func forgetUnused(inUse: Set<String>, now: Date) async -> [String] {
        let retention = settings.cacheRetention
        let (seconds, attoseconds) = retention.components
        let limit = Double(seconds) + Double(attoseconds) / 1e18
        let stale: @Sendable (String, RepositoryRecord) -> Bool = { name, record in
            guard !inUse.contains(name) else { return false }
            guard let last = record.lastScan else { return true }
            return now.timeIntervalSince(last) >= limit
        }
        await scanner.cache.removeRepositories(where: stale)
        let removed = await store.removeRepositories(where: stale)
        if !removed.isEmpty {
            logger.info("forgot image repositories no workload uses", metadata: ["repositories": "\(removed)"])
        }
        return removed
    }

    private func persist(_ scanned: [String], forgotten: Bool = false) async {
        guard !scanned.isEmpty || forgotten, settings.cacheFile != nil else { return }
        for name in scanned {
            if let record = await scanner.cache.record(for: name) { await store.update(record, for: name) }
        }
        do {
            try await store.save()
        } catch {
            logger.warning("cannot persist the image cache", metadata: ["error": "\(error)"])
        }
    }

    // MARK: serialising passes, waiting for triggers

    private func takeTrigger() -> Bool {
        let force = forceRequested
        triggered = false
        forceRequested = false
        return force
    }

    /// Returns after `timeout`, on `trigger()`, or when cancelled.
    private func waitForTrigger(timeout: Duration) async {
        guard !triggered else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch {}
                await self.wake()
            }
            await withCheckedContinuation { wakeup = $0 }
            group.cancelAll()
        }
    }

    private func wake() {
        wakeup?.resume()
        wakeup = nil
    }
}

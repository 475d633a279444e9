import ImageAutomation
import Logging
import ServiceLifecycle
import Synchronization
import Webhooks

/// What fluxd does with an authenticated webhook. A push to the repository and branch fluxd
/// follows wakes the sync loop, which fetches and syncs at once (pushes during a sync are
/// folded into one more fetch). An image push rescans that repository even if it is not due
/// and then runs automation (bursts folded the same way). Everything else is answered and
/// ignored. The answer never waits for the work.
struct WebhookActions: Service {
    let matcher: GitSourceMatcher
    let wakeup: WakeupSignal
    let scans: ImageScanService
    /// Queues an automation pass (nil with `--git-readonly`).
    let automation: (@Sendable () async -> Void)?
    let logger: Logger
    private let images = CoalescingTrigger()
    private let pendingImages = PendingRepositories()

    init(
        matcher: GitSourceMatcher, wakeup: WakeupSignal, scans: ImageScanService,
        automation: (@Sendable () async -> Void)?, logger: Logger
    ) {
        self.matcher = matcher
        self.wakeup = wakeup
        self.scans = scans
        self.automation = automation
        self.logger = logger
    }

    func handle(_ event: WebhookEvent) async -> WebhookDisposition {
        switch event {
        case .ping:
            return .ignored("pong")
        case .gitPush(let push):
            guard matcher.matches(push) else {
                return .ignored(
                    "not the repository and branch fluxd follows (branch \(matcher.branch)); pushed to \(push.branches.joined(separator: ", "))"
                )
            }
            let fresh = wakeup.signal()
            return .triggered(fresh ? "fetching \(matcher.branch) and syncing" : "a fetch of \(matcher.branch) is pending already")
        case .imagePush(let push):
            if await scans.lastReport != nil, await scans.repository(push.repository) == nil {
                return .ignored("no workload runs images from \(push.repository)")
            }
            pendingImages.set.withLock { _ = $0.insert(push.repository) }
            images.request()
            return .triggered("rescanning \(push.repository)" + (automation == nil ? "" : " and running automation"))
        }
    }

    /// Rescans the repositories pushed to, then queues automation, one burst at a time.
    func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in images.requests {
                let repositories = pendingImages.set.withLock { pending in
                    defer { pending = [] }
                    return pending
                }
                guard !repositories.isEmpty else { continue }
                let report = await scans.scanNow(forcing: repositories)
                logger.info(
                    "rescanned after an image push",
                    metadata: ["repositories": "\(repositories.sorted())", "newTags": "\(report.newTags.keys.sorted())"])
                await automation?()
            }
        } onGracefulShutdown: {
            images.finish()
        }
    }
}

/// Image repositories pushed to since the last rescan.
final class PendingRepositories: Sendable {
    let set = Mutex<Set<String>>([])
}

import Synchronization

/// Whoever wants to know how each sync pass went (metrics, notifications, health checks):
/// registered once at start-up, called after every pass, in order. The sync does not wait
/// for slow work: observers hand it on (queues, services) and return.
final class SyncObservers: Sendable {
    typealias Observer = @Sendable (_ report: SyncReport, _ duration: Duration) async -> Void
    typealias FetchObserver = @Sendable (_ succeeded: Bool) -> Void

    private let observers = Mutex<[Observer]>([])
    private let fetchObservers = Mutex<[FetchObserver]>([])

    func add(_ observer: @escaping Observer) { observers.withLock { $0.append(observer) } }
    func onFetch(_ observer: @escaping FetchObserver) { fetchObservers.withLock { $0.append(observer) } }

    func synced(_ report: SyncReport, duration: Duration) async {
        for observer in observers.withLock({ $0 }) { await observer(report, duration) }
    }

    func fetched(_ succeeded: Bool) {
        for observer in fetchObservers.withLock({ $0 }) { observer(succeeded) }
    }
}

import Synchronization

/// Whether fluxd is ready to serve (`/readyz`): set once the first sync pass has finished,
/// successful or not, so a rolling update waits for the new pod to have synced.
public final class Readiness: Sendable {
    private let state = Mutex<(ready: Bool, lastError: String?)>((false, nil))

    public init() {}

    public var isReady: Bool { state.withLock { $0.ready } }

    public func markSynced(error: String?) {
        state.withLock { $0 = (true, error) }
    }
}

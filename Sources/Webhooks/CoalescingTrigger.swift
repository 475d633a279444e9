/// Folds a burst of requests into at most two runs of the work they ask for: one for the
/// first request, and one more after it for everything that arrived while it ran (so the
/// news of the last request is never missed). 100 pushes while a sync runs cause one more
/// sync, not 100. The consumer (one task) iterates `requests` and does the work per element.
public struct CoalescingTrigger: Sendable {
    /// One element per run to do; at most one is ever waiting.
    public let requests: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (requests, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks for a run; returns at once: false when the request was folded into a run that
    /// was waiting already.
    @discardableResult
    public func request() -> Bool {
        switch continuation.yield(()) {
        case .enqueued: true
        case .dropped, .terminated: false
        @unknown default: false
        }
    }

    /// Ends `requests` (shutdown).
    public func finish() { continuation.finish() }
}

/// When to retry a revision whose sync failed. A failure that repeats identically (same
/// revision, same errors) is retried after a delay that doubles each time, up to a ceiling, so a
/// repository that cannot apply (an object the API server refuses, a broken manifest) costs
/// one attempt per back-off step instead of one per poll. A new revision, or a different
/// failure, is tried at once. Pure: the loop supplies the clock.
struct FailureBackoff: Sendable, Equatable {
    /// The wait after the first failure (the poll interval).
    let initial: Duration
    /// The longest wait between identical failures.
    let maximum: Duration
    private(set) var revision: String?
    private(set) var signature: String?
    /// Consecutive identical failures of `revision`.
    private(set) var repeats = 0

    init(initial: Duration, maximum: Duration) {
        self.initial = max(initial, .milliseconds(1))
        self.maximum = max(maximum, self.initial)
    }

    /// The ceiling fluxd uses: at least the poll interval, else 30 minutes.
    static func ceiling(pollInterval: Duration) -> Duration { max(pollInterval, .seconds(30 * 60)) }

    /// Records a failed pass of `revision`; returns how long to wait before retrying it.
    mutating func failed(revision: String, signature: String) -> Duration {
        if revision == self.revision && signature == self.signature {
            repeats += 1
        } else {
            self.revision = revision
            self.signature = signature
            repeats = 1
        }
        var delay = initial
        for _ in 1..<repeats where delay < maximum { delay = delay * 2 }
        return min(delay, maximum)
    }

    mutating func succeeded() {
        revision = nil
        signature = nil
        repeats = 0
    }

    /// Whether the back-off concerns `head` (a new head is never held back).
    func holds(_ head: String) -> Bool { head == revision }
}

extension SyncReport {
    /// What makes two failures "the same": the revision and every error message.
    var failureSignature: String {
        var parts = [revision ?? "", failure ?? ""] + loadErrors
        if let changes {
            parts += changes.errors
            parts += changes.results.filter { $0.action == .failed }.map { "\($0.key): \($0.reason ?? "")" }
        }
        return parts.joined(separator: "\n")
    }
}

import KubernetesModel
import Synchronization

/// Test-only faults for the embedded cluster (`EmbeddedClusterConfiguration.faults`): answers
/// that a real kube-apiserver gives under load or trouble, injected for the next requests that
/// match, so the fault-injection suite can check that clients retry, back off and converge.
/// Off unless a test sets it; fluxd never does.
public final class FaultInjector: Sendable {
    /// One injected answer.
    public enum Fault: Sendable, Hashable {
        /// 429 `TooManyRequests` with `Retry-After` (API Priority and Fairness rejecting).
        case tooManyRequests(retryAfterSeconds: Int)
        /// 500 `InternalError`.
        case internalError
        /// 503 `ServiceUnavailable` (e.g. etcd unreachable).
        case serviceUnavailable
    }

    struct Rule: Sendable {
        var fault: Fault
        var remaining: Int
        var method: String?
        var pathContains: String?
    }

    private let rules = Mutex<[Rule]>([])
    private let injectedCount = Mutex(0)

    public init() {}

    /// Answers the next `count` requests matching `method` (e.g. `PATCH`) and a path containing
    /// `pathContains` with `fault`.
    public func inject(_ fault: Fault, count: Int, method: String? = nil, pathContains: String? = nil) {
        rules.withLock { $0.append(Rule(fault: fault, remaining: count, method: method, pathContains: pathContains)) }
    }

    /// Forgets every rule not yet used up.
    public func clear() { rules.withLock { $0.removeAll() } }

    /// How many requests were answered with a fault so far.
    public var injected: Int { injectedCount.withLock { $0 } }

    /// The fault for this request, if a rule matches (and uses up one of its count).
    func fault(method: String, path: String) -> Fault? {
        let fault: Fault? = rules.withLock { rules in
            guard
                let index = rules.firstIndex(where: { rule in
                    rule.remaining > 0 && (rule.method == nil || rule.method == method)
                        && (rule.pathContains.map { path.contains($0) } ?? true)
                })
            else { return nil }
            rules[index].remaining -= 1
            let fault = rules[index].fault
            if rules[index].remaining == 0 { rules.remove(at: index) }
            return fault
        }
        if fault != nil { injectedCount.withLock { $0 += 1 } }
        return fault
    }

    /// The Status kube-apiserver sends for `fault`, and its `Retry-After` header if any.
    static func status(for fault: Fault) -> (Status, retryAfter: Int?) {
        switch fault {
        case .tooManyRequests(let seconds):
            return (
                Status(
                    message: "Too many requests, please try again later.", reason: "TooManyRequests", code: 429,
                    details: .init(retryAfterSeconds: seconds)), seconds
            )
        case .internalError:
            return (APIError.internalError("injected fault"), nil)
        case .serviceUnavailable:
            return (Status(message: "the server is currently unable to handle the request", reason: "ServiceUnavailable", code: 503), nil)
        }
    }
}

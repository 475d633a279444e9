import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A blocking `GET` of a remote manifest file (`http(s)://…/file.yaml`), as kustomize's file
/// loader does for resources with an http or https scheme. The renderer is synchronous:
/// URLSession runs the request on its own queue and the caller waits on a semaphore, bounded by
/// `timeout`, so the Swift concurrency pool is never needed to finish it.
enum HTTPFetch {
    enum Outcome {
        case success(Data)
        /// A response outside 200…299.
        case status(Int)
        /// No response at all (connection refused, DNS, TLS, timeout).
        case failed(String)
    }

    static let timeout: TimeInterval = 60

    static func isHTTP(_ entry: String) -> Bool {
        let lowered = entry.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }

    static func get(_ url: String, timeout: TimeInterval = timeout) -> Outcome {
        guard let target = URL(string: url) else { return .failed("not a valid URL") }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let box = OutcomeBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: target) { data, response, error in
            if let error {
                box.set(.failed(error.localizedDescription))
            } else if let http = response as? HTTPURLResponse, !(200...299).contains(http.statusCode) {
                box.set(.status(http.statusCode))
            } else {
                box.set(.success(data ?? Data()))
            }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout + 5) == .timedOut {
            task.cancel()
            return .failed("timed out after \(Int(timeout))s")
        }
        return box.get() ?? .failed("no response")
    }

    /// The outcome, handed from URLSession's queue to the waiting caller.
    private final class OutcomeBox: @unchecked Sendable {
        private let lock = NSLock()
        private var outcome: Outcome?

        func set(_ value: Outcome) { lock.withLock { outcome = value } }
        func get() -> Outcome? { lock.withLock { outcome } }
    }

    /// `Go's http.StatusText` for the common codes, for messages like kustomize's.
    static func statusText(_ code: Int) -> String {
        HTTPURLResponse.localizedString(forStatusCode: code)
    }
}

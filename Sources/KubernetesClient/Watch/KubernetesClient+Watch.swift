import KubernetesModel

/// Options of a watch.
public struct WatchOptions: Sendable, Hashable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Ask for BOOKMARK events so a resumed watch starts from a recent resourceVersion.
    public var allowBookmarks: Bool
    /// The server ends the watch after this long; the resumable watch then re-opens it.
    public var timeoutSeconds: Int

    public init(labelSelector: String? = nil, fieldSelector: String? = nil, allowBookmarks: Bool = true, timeoutSeconds: Int = 300) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.allowBookmarks = allowBookmarks
        self.timeoutSeconds = timeoutSeconds
    }
}

extension KubernetesClient {
    /// Opens one watch from `resourceVersion` (`nil`: the server's choice of "now", with
    /// synthetic ADDED events for existing objects). For namespaced kinds a `nil` namespace
    /// watches all namespaces. Throws `isGone` when the version is too old.
    public func watch(
        _ gvk: GroupVersionKind, namespace: String? = nil, resourceVersion: String? = nil,
        options: WatchOptions = WatchOptions()
    ) async throws(KubernetesError) -> WatchStream {
        let location = try await locate(gvk, namespace: namespace, name: nil, allNamespaces: true)
        var query: [(name: String, value: String)] = [("watch", "true")]
        if let labelSelector = options.labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector = options.fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
        if let resourceVersion, !resourceVersion.isEmpty { query.append(("resourceVersion", resourceVersion)) }
        if options.allowBookmarks { query.append(("allowWatchBookmarks", "true")) }
        query.append(("timeoutSeconds", String(options.timeoutSeconds)))
        let request = APIRequest(method: .GET, path: location.path, query: query, object: location.reference)
        let response = try await transport.open(request, timeout: .seconds(options.timeoutSeconds + 60))
        return WatchStream(response: response, path: location.path, object: location.reference)
    }

    /// A watch that keeps going: it lists first (reported as `.relisted`), then watches
    /// from the list's resourceVersion, re-opens the watch from the last seen version
    /// (bookmarks included) when the server ends it, and lists again on 410 Gone. Broken
    /// connections are retried with back-off per the client's `RetryPolicy`. It ends when
    /// the consuming task is cancelled.
    public func watchResuming(
        _ gvk: GroupVersionKind, namespace: String? = nil, options: WatchOptions = WatchOptions()
    ) -> ResumingWatch {
        ResumingWatch(client: self, gvk: gvk, namespace: namespace, options: options)
    }
}

/// See `KubernetesClient.watchResuming`.
public struct ResumingWatch: AsyncSequence, Sendable {
    public typealias Element = WatchUpdate
    public typealias Failure = KubernetesError
    let client: KubernetesClient
    let gvk: GroupVersionKind
    let namespace: String?
    let options: WatchOptions

    public func makeAsyncIterator() -> Iterator {
        Iterator(watch: self)
    }

    public struct Iterator: AsyncIteratorProtocol {
        public typealias Element = WatchUpdate
        public typealias Failure = KubernetesError

        enum State {
            case needList
            case needWatch(resourceVersion: String)
            case streaming(WatchStream.Iterator, resourceVersion: String)
        }

        let watch: ResumingWatch
        var state = State.needList
        var failures = 0

        public mutating func next() async throws(KubernetesError) -> WatchUpdate? {
            while !Task.isCancelled {
                switch state {
                case .needList:
                    let list: ObjectList
                    do {
                        list = try await watch.client.listAll(
                            watch.gvk, namespace: watch.namespace,
                            options: ListOptions(labelSelector: watch.options.labelSelector, fieldSelector: watch.options.fieldSelector))
                    } catch {
                        try await recover(from: error, resumeFrom: nil)
                        continue
                    }
                    failures = 0
                    state = .needWatch(resourceVersion: list.resourceVersion)
                    return .relisted(items: list.items, resourceVersion: list.resourceVersion)
                case .needWatch(let version):
                    do {
                        let stream = try await watch.client.watch(
                            watch.gvk, namespace: watch.namespace, resourceVersion: version, options: watch.options)
                        state = .streaming(stream.makeAsyncIterator(), resourceVersion: version)
                    } catch {
                        try await recover(from: error, resumeFrom: version)
                    }
                case .streaming(var iterator, let version):
                    do {
                        guard let event = try await iterator.next() else {
                            state = .needWatch(resourceVersion: version)
                            continue
                        }
                        failures = 0
                        state = .streaming(iterator, resourceVersion: event.resourceVersion ?? version)
                        if event.type == .bookmark { continue }
                        return .event(event)
                    } catch {
                        try await recover(from: error, resumeFrom: version)
                    }
                }
            }
            return nil
        }

        /// 410 Gone → relist; a transport failure → back off and resume; anything else ends
        /// the watch with the error.
        mutating func recover(from error: KubernetesError, resumeFrom version: String?) async throws(KubernetesError) {
            if Task.isCancelled { return }
            if error.isGone {
                watch.client.logger.debug("watch expired, relisting", metadata: ["kind": "\(watch.gvk.kind)"])
                state = .needList
                return
            }
            let retry = watch.client.configuration.retry
            guard error.code == .transport || (error.httpStatus.map { $0 >= 500 || $0 == 429 } ?? false),
                let delay = retry.delayAfterConnectionFailure(attempt: failures, idempotent: true, jitter: Double.random(in: 0..<1))
            else { throw error }
            failures += 1
            watch.client.logger.debug("watch broke, resuming", metadata: ["kind": "\(watch.gvk.kind)"])
            do { try await Task.sleep(for: delay) } catch { return }
            state = version.map { .needWatch(resourceVersion: $0) } ?? .needList
        }
    }
}

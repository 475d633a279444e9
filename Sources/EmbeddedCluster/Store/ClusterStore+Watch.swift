import KubernetesModel

extension ClusterStore {
    /// A registered watch: its events and the id to cancel it with.
    struct Subscription: Sendable {
        var id: Int
        var events: AsyncStream<WatchEvent>
    }

    /// Where a watch starts.
    enum WatchStart: Sendable, Equatable {
        /// The current matching objects as ADDED events first (`resourceVersion` unset or
        /// "0"), followed with `initialEventsEnd` by the `k8s.io/initial-events-end` BOOKMARK
        /// (`sendInitialEvents=true`, the WatchList protocol).
        case currentState(initialEventsEnd: Bool)
        /// Only changes from now on (`resourceVersion=0&sendInitialEvents=false`).
        case now
        /// Changes after this resourceVersion, replayed from the history.
        case after(Int64)
    }

    /// Starts a watch. Resuming from a version older than the history throws kube-apiserver's
    /// `410 Expired` (`too old resource version: RV (OLDEST-1)`). The stream's buffer holds
    /// the replayed or initial events plus `watchBufferSize` live ones.
    func watch(_ type: ResourceType, filter: WatchFilter, start: WatchStart) throws(Status) -> Subscription {
        var initial: [WatchEvent] = []
        switch start {
        case .after(let resourceVersion):
            if resourceVersion < history.horizon {
                throw APIError.expired(resourceVersion, oldest: history.horizon)
            }
            for event in history.events(after: resourceVersion) {
                if let view = filter.view(of: event) { initial.append(view) }
            }
        case .now:
            break
        case .currentState(let initialEventsEnd):
            let byNamespace = objects[type.groupResource] ?? [:]
            let namespaces = filter.namespace.map { [$0] } ?? byNamespace.keys.sorted()
            for namespace in namespaces {
                for (_, object) in (byNamespace[namespace] ?? [:]).sorted(by: { $0.key < $1.key }) where filter.matches(object) {
                    let rv = Int64(object.resourceVersion ?? "") ?? self.resourceVersion
                    initial.append(
                        WatchEvent(kind: .added, resourceVersion: rv, resource: type.groupResource, namespace: namespace, object: object))
                }
            }
            if initialEventsEnd { initial.append(bookmark(type, initialEventsEnd: true)) }
        }
        let (stream, continuation) = AsyncStream.makeStream(
            of: WatchEvent.self, bufferingPolicy: .bufferingOldest(initial.count + watchBufferSize))
        for event in initial { continuation.yield(event) }
        nextWatcherID += 1
        let id = nextWatcherID
        watchers[id] = Watcher(filter: filter, continuation: continuation)
        return Subscription(id: id, events: stream)
    }

    /// A BOOKMARK carrying the current resourceVersion, as kube-apiserver sends it: an empty
    /// object of the watched kind with only `metadata.resourceVersion` (and the
    /// initial-events-end annotation when it closes the initial state of a WatchList).
    func bookmark(_ type: ResourceType, initialEventsEnd: Bool = false) -> WatchEvent {
        var metadata: JSONObject = ["resourceVersion": .string(String(resourceVersion))]
        if initialEventsEnd { metadata["annotations"] = ["k8s.io/initial-events-end": "true"] }
        let object: JSONValue = ["kind": .string(type.kind), "apiVersion": .string(type.apiVersion), "metadata": .object(metadata)]
        return WatchEvent(kind: .bookmark, resourceVersion: resourceVersion, resource: type.groupResource, namespace: "", object: object)
    }

    /// Sends a BOOKMARK to one watch.
    func sendBookmark(to id: Int, type: ResourceType) {
        watchers[id]?.continuation.yield(bookmark(type))
    }

    /// Every change in the store (used by the simulated controllers).
    func watchAll() -> Subscription {
        let (stream, continuation) = AsyncStream.makeStream(of: WatchEvent.self, bufferingPolicy: .unbounded)
        nextWatcherID += 1
        let id = nextWatcherID
        watchers[id] = Watcher(filter: nil, continuation: continuation)
        return Subscription(id: id, events: stream)
    }

    /// How many watches are open (tests wait for clients to be watching before writing).
    public func activeWatchCount() -> Int { watchers.values.filter { $0.filter != nil }.count }

    func cancelWatch(_ id: Int) {
        watchers[id]?.continuation.finish()
        watchers[id] = nil
    }

    /// Ends every watch (server shutdown).
    func finishAllWatches() {
        for (_, watcher) in watchers { watcher.continuation.finish() }
        watchers = [:]
    }
}

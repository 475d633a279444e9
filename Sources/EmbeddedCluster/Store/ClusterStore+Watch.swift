import KubernetesModel

extension ClusterStore {
    /// A registered watch: its events and the id to cancel it with.
    struct Subscription: Sendable {
        var id: Int
        var events: AsyncStream<WatchEvent>
    }

    /// Starts a watch. With `resourceVersion` nil (or "0"), the current matching objects
    /// come first as ADDED events; otherwise events after that version are replayed, or
    /// `410 Expired` is thrown when the history no longer reaches back that far.
    func watch(_ type: ResourceType, filter: WatchFilter, resourceVersion: Int64?) throws(Status) -> Subscription {
        let (stream, continuation) = AsyncStream.makeStream(of: WatchEvent.self, bufferingPolicy: .bufferingOldest(watchBufferSize))
        if let resourceVersion {
            if resourceVersion < history.horizon {
                throw APIError.expired(resourceVersion, current: self.resourceVersion)
            }
            for event in history.events(after: resourceVersion) {
                if let view = filter.view(of: event) { continuation.yield(view) }
            }
        } else {
            let byNamespace = objects[type.groupResource] ?? [:]
            let namespaces = filter.namespace.map { [$0] } ?? byNamespace.keys.sorted()
            for namespace in namespaces {
                for (_, object) in (byNamespace[namespace] ?? [:]).sorted(by: { $0.key < $1.key }) where filter.matches(object) {
                    let rv = Int64(object.resourceVersion ?? "") ?? self.resourceVersion
                    continuation.yield(
                        WatchEvent(kind: .added, resourceVersion: rv, resource: type.groupResource, namespace: namespace, object: object))
                }
            }
        }
        nextWatcherID += 1
        let id = nextWatcherID
        watchers[id] = Watcher(filter: filter, continuation: continuation)
        return Subscription(id: id, events: stream)
    }

    /// Every change in the store (used by the simulated controllers).
    func watchAll() -> Subscription {
        let (stream, continuation) = AsyncStream.makeStream(of: WatchEvent.self, bufferingPolicy: .unbounded)
        nextWatcherID += 1
        let id = nextWatcherID
        watchers[id] = Watcher(filter: nil, continuation: continuation)
        return Subscription(id: id, events: stream)
    }

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

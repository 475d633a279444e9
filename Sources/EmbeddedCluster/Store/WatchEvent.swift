import KubernetesModel

/// One change in the store, as watch streams deliver it.
struct WatchEvent: Sendable {
    enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        case bookmark = "BOOKMARK"
        case error = "ERROR"
    }

    var kind: Kind
    var resourceVersion: Int64
    var resource: GroupResource
    var namespace: String
    var object: JSONValue
    /// The object before the change (for selector transitions); nil for ADDED.
    var previous: JSONValue?
}

/// What a watch wants to see.
struct WatchFilter: Sendable {
    var resource: GroupResource
    var namespace: String?
    var labelSelector: LabelSelector
    var fieldSelector: FieldSelector

    func matches(_ object: JSONValue) -> Bool {
        labelSelector.matches(object.labels) && fieldSelector.matches(object)
    }

    /// The event as this watch should see it: a selector transition turns a MODIFIED into
    /// ADDED or DELETED, an unrelated change into nothing.
    func view(of event: WatchEvent) -> WatchEvent? {
        guard event.resource == resource else { return nil }
        if let namespace, event.namespace != namespace { return nil }
        let now = matches(event.object)
        switch event.kind {
        case .modified:
            let before = event.previous.map(matches) ?? false
            if now && before { return event }
            if now {
                return WatchEvent(
                    kind: .added, resourceVersion: event.resourceVersion, resource: resource, namespace: event.namespace,
                    object: event.object)
            }
            if before {
                return WatchEvent(
                    kind: .deleted, resourceVersion: event.resourceVersion, resource: resource, namespace: event.namespace,
                    object: event.object)
            }
            return nil
        case .added, .deleted:
            return now ? event : nil
        case .bookmark, .error:
            return event
        }
    }
}

/// A fixed-size history of recent events, so watches can resume from a resourceVersion.
struct EventHistory: Sendable {
    private var buffer: [WatchEvent] = []
    private var start = 0
    let capacity: Int
    /// The resourceVersion before the oldest event retained: resuming from older is `410 Gone`.
    private(set) var horizon: Int64 = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    mutating func append(_ event: WatchEvent) {
        if buffer.count < capacity {
            buffer.append(event)
        } else {
            horizon = buffer[start].resourceVersion
            buffer[start] = event
            start = (start + 1) % capacity
        }
    }

    /// Events after `resourceVersion`, oldest first.
    func events(after resourceVersion: Int64) -> [WatchEvent] {
        var result: [WatchEvent] = []
        for offset in 0..<buffer.count {
            let event = buffer[(start + offset) % buffer.count]
            if event.resourceVersion > resourceVersion { result.append(event) }
        }
        return result
    }
}

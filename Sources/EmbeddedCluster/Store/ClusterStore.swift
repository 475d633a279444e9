import Foundation
import KubernetesModel
import Logging

/// The embedded cluster's state: every object keyed by resource, namespace and name, a
/// cluster-wide resourceVersion counter, the recent event history, the live watches and
/// the resources CRDs serve. All writes go through this actor, one at a time, as etcd
/// would serialize them.
public actor ClusterStore {
    var registry = ResourceRegistry()
    /// resource → namespace ("" for cluster-scoped) → name → object.
    var objects: [GroupResource: [String: [String: JSONValue]]] = [:]
    var resourceVersion: Int64 = 1
    var history: EventHistory
    var watchers: [Int: Watcher] = [:]
    var nextWatcherID = 0
    var nextServiceIP: UInt32 = 10
    let logger: Logger
    let watchBufferSize: Int
    let clock: @Sendable () -> Date
    /// etcd's `--max-request-bytes`: a stored object larger than this (as JSON) is refused with
    /// the 500 kube-apiserver passes through from etcd. `nil`: no limit.
    let maxStoredObjectBytes: Int?

    /// etcd's default request limit, 1.5 MiB.
    public static let etcdDefaultMaxRequestBytes = 1_572_864

    struct Watcher {
        var filter: WatchFilter?
        var continuation: AsyncStream<WatchEvent>.Continuation
    }

    init(
        logger: Logger, historySize: Int = 10_000, watchBufferSize: Int = 1_000,
        maxStoredObjectBytes: Int? = ClusterStore.etcdDefaultMaxRequestBytes, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.logger = logger
        self.maxStoredObjectBytes = maxStoredObjectBytes
        self.history = EventHistory(capacity: historySize)
        self.watchBufferSize = watchBufferSize
        self.clock = clock
        var namespaces: [String: JSONValue] = [:]
        let created = clock().formatted(.iso8601)
        for name in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            resourceVersion += 1
            namespaces[name] = [
                "apiVersion": "v1", "kind": "Namespace",
                "metadata": [
                    "name": .string(name), "uid": .string(UUID().uuidString.lowercased()),
                    "resourceVersion": .string(String(resourceVersion)), "creationTimestamp": .string(created),
                    "labels": ["kubernetes.io/metadata.name": .string(name)],
                ],
                "spec": ["finalizers": ["kubernetes"]], "status": ["phase": "Active"],
            ]
        }
        objects[GroupResource(group: "", resource: "namespaces")] = ["": namespaces]
    }

    // MARK: Reads

    /// The served resource type for a URL's group, version and plural.
    func resourceType(group: String, version: String, plural: String) -> ResourceType? {
        registry.lookup(group: group, version: version, plural: plural)
    }

    /// A snapshot of the registry for discovery.
    func currentRegistry() -> ResourceRegistry { registry }

    /// The cluster-wide resourceVersion of the latest write.
    public func currentResourceVersion() -> Int64 { resourceVersion }

    func get(_ type: ResourceType, namespace: String, name: String) throws(Status) -> JSONValue {
        guard let object = objects[type.groupResource]?[namespace]?[name] else {
            throw APIError.notFound(type, name: name)
        }
        return Self.served(object, as: type)
    }

    /// The object as served under `type`'s version (CRD versions share storage).
    static func served(_ object: JSONValue, as type: ResourceType) -> JSONValue {
        guard object.apiVersion != type.apiVersion else { return object }
        var copy = object
        copy.apiVersion = type.apiVersion
        return copy
    }

    struct ListResult: Sendable {
        var items: [JSONValue]
        var resourceVersion: Int64
        var continueToken: String?
        var remaining: Int?
    }

    /// Lists objects sorted by namespace/name, filtered, paginated with `limit`/`continue`.
    func list(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector, fieldSelector: FieldSelector,
        limit: Int?, continueToken: String?
    ) throws(Status) -> ListResult {
        var start: String? = nil
        if let continueToken, !continueToken.isEmpty {
            guard let decoded = Data(base64Encoded: continueToken).map({ String(decoding: $0, as: UTF8.self) }) else {
                throw APIError.badRequest("continue key is not valid: illegal base64 data")
            }
            start = decoded
        }
        let byNamespace = objects[type.groupResource] ?? [:]
        let namespaces: [String] = namespace.map { [$0] } ?? byNamespace.keys.sorted()
        var matched: [(key: String, object: JSONValue)] = []
        for ns in namespaces {
            guard let names = byNamespace[ns] else { continue }
            for name in names.keys.sorted() {
                let key = "\(ns)/\(name)"
                if let start, key <= start { continue }
                guard let object = names[name] else { continue }
                if !labelSelector.isEverything, !labelSelector.matches(object.labels) { continue }
                if !fieldSelector.isEverything, !fieldSelector.matches(object) { continue }
                matched.append((key, object))
            }
        }
        var token: String? = nil
        var remaining: Int? = nil
        if let limit, limit > 0, matched.count > limit {
            remaining = matched.count - limit
            matched = Array(matched.prefix(limit))
            token = matched.last.map { Data($0.key.utf8).base64EncodedString() }
        }
        return ListResult(
            items: matched.map { Self.served($0.object, as: type) }, resourceVersion: resourceVersion,
            continueToken: token, remaining: remaining)
    }

    // MARK: Commit

    /// Stores (or with `object == nil`, removes) an object under a fresh resourceVersion and
    /// tells the watches.
    @discardableResult
    func commit(_ type: ResourceType, namespace: String, name: String, object: JSONValue?, previous: JSONValue?) -> JSONValue? {
        resourceVersion += 1
        let rv = resourceVersion
        let resource = type.groupResource
        let event: WatchEvent
        if var object {
            object.resourceVersion = String(rv)
            objects[resource, default: [:]][namespace, default: [:]][name] = object
            event = WatchEvent(
                kind: previous == nil ? .added : .modified, resourceVersion: rv, resource: resource,
                namespace: namespace, object: object, previous: previous)
            publish(event)
            return object
        }
        guard var removed = previous else { return nil }
        objects[resource]?[namespace]?[name] = nil
        if objects[resource]?[namespace]?.isEmpty == true { objects[resource]?[namespace] = nil }
        removed.resourceVersion = String(rv)
        event = WatchEvent(
            kind: .deleted, resourceVersion: rv, resource: resource, namespace: namespace, object: removed, previous: previous)
        publish(event)
        return removed
    }

    func publish(_ event: WatchEvent) {
        history.append(event)
        var slow: [Int] = []
        for (id, watcher) in watchers {
            let delivered: WatchEvent?
            if let filter = watcher.filter { delivered = filter.view(of: event) } else { delivered = event }
            guard let delivered else { continue }
            if case .dropped = watcher.continuation.yield(delivered) { slow.append(id) }
        }
        for id in slow {
            // A watch that cannot keep up is closed; its client resumes from its last version.
            logger.debug("closing slow watch", metadata: ["watch": "\(id)"])
            watchers[id]?.continuation.finish()
            watchers[id] = nil
        }
    }

    /// Timestamps as kube-apiserver writes them: RFC 3339, seconds, UTC.
    var now: String { clock().formatted(.iso8601) }
}

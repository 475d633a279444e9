import Foundation

/// A Kubernetes Event fluxd wants to record, before aggregation.
struct EventRecord: Sendable, Hashable {
    struct InvolvedObject: Sendable, Hashable {
        var apiVersion: String
        var kind: String
        var namespace: String
        var name: String
        var uid: String?
    }

    enum EventType: String, Sendable {
        case normal = "Normal"
        case warning = "Warning"
    }

    var object: InvolvedObject
    var type: EventType
    var reason: String
    var message: String
    /// The namespace the Event is written in: the object's, or `default` for cluster-scoped
    /// objects (kube-apiserver's validation of core/v1 Events, and client-go's choice).
    var eventNamespace: String
}

/// client-go's `EventCorrelator` (tools/record/events_cache.go), pure: what to do with an
/// event given the ones recorded before.
///
/// - Spam filter: per involved object, a token bucket of 25 events refilled one per 5 minutes;
///   events beyond it are dropped.
/// - Aggregation: when 10 events with the same object, type and reason but different messages
///   arrive within 10 minutes, further ones become one event "(combined from similar events): …".
/// - Deduplication: an event equal to an earlier one (object, type, reason, message) within the
///   cache updates that Event (`count` + 1, `lastTimestamp`) instead of creating another.
struct EventCorrelator: Sendable {
    static let burst = 25.0
    static let refillPerSecond = 1.0 / 300
    static let maxSimilar = 10
    static let similarWindow: TimeInterval = 600
    static let cacheSize = 4096

    enum Decision: Equatable {
        /// Create a new Event with this name and message, count 1.
        case create(name: String, message: String)
        /// Patch the Event `name`: count, lastTimestamp (and message, when combined).
        case update(name: String, count: Int, message: String, firstTimestamp: Date)
        /// Dropped by the spam filter.
        case drop
    }

    struct Seen: Sendable {
        var name: String
        var count: Int
        var firstTimestamp: Date
        var lastTimestamp: Date
    }

    struct Bucket: Sendable {
        var tokens: Double
        var updated: Date
    }

    struct Similar: Sendable {
        var messages: Set<String>
        var since: Date
    }

    private(set) var seen: [String: Seen] = [:]
    private var buckets: [EventRecord.InvolvedObject: Bucket] = [:]
    private var similar: [String: Similar] = [:]
    private var order: [String] = []

    mutating func decide(_ record: EventRecord, now: Date, newName: () -> String) -> (Decision, message: String) {
        // Spam filter first: it limits what reaches the API server at all.
        var bucket = buckets[record.object] ?? Bucket(tokens: Self.burst, updated: now)
        bucket.tokens = min(Self.burst, bucket.tokens + now.timeIntervalSince(bucket.updated) * Self.refillPerSecond)
        bucket.updated = now
        guard bucket.tokens >= 1 else {
            buckets[record.object] = bucket
            return (.drop, record.message)
        }
        bucket.tokens -= 1
        buckets[record.object] = bucket

        // Aggregation of similar events with different messages.
        let aggregateKey = "\(record.object)|\(record.type.rawValue)|\(record.reason)"
        var group = similar[aggregateKey] ?? Similar(messages: [], since: now)
        if now.timeIntervalSince(group.since) > Self.similarWindow { group = Similar(messages: [], since: now) }
        group.messages.insert(record.message)
        similar[aggregateKey] = group
        var message = record.message
        var key = aggregateKey + "|" + record.message
        if group.messages.count >= Self.maxSimilar {
            message = "(combined from similar events): " + record.message
            key = aggregateKey + "|combined"
        }

        // Deduplication.
        if var previous = seen[key] {
            previous.count += 1
            previous.lastTimestamp = now
            seen[key] = previous
            return (.update(name: previous.name, count: previous.count, message: message, firstTimestamp: previous.firstTimestamp), message)
        }
        let name = newName()
        remember(key, Seen(name: name, count: 1, firstTimestamp: now, lastTimestamp: now))
        return (.create(name: name, message: message), message)
    }

    /// Forgets an Event the API server no longer has (expired), so the next one is created.
    mutating func forget(name: String) {
        for (key, value) in seen where value.name == name { seen[key] = nil }
    }

    private mutating func remember(_ key: String, _ value: Seen) {
        if seen[key] == nil { order.append(key) }
        seen[key] = value
        while order.count > Self.cacheSize {
            seen[order.removeFirst()] = nil
        }
    }
}

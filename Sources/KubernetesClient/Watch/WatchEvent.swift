import KubernetesModel

/// One event of a watch stream.
public struct WatchEvent: Sendable, Hashable {
    public enum EventType: String, Sendable, Hashable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        /// Carries only `metadata.resourceVersion`: where to resume from.
        case bookmark = "BOOKMARK"
    }

    public var type: EventType
    public var object: JSONValue

    public init(type: EventType, object: JSONValue) {
        self.type = type
        self.object = object
    }

    public var resourceVersion: String? { object.resourceVersion }

    /// Decodes one line of a watch stream. `ERROR` events (e.g. 410 Expired) become a
    /// `KubernetesError` carrying the `Status`.
    static func decode(line: [UInt8], path: String, object: ObjectReference?) throws(KubernetesError) -> WatchEvent {
        let value = try decodeJSON(line, verb: "WATCH", path: path, object: object)
        guard let typeName = value["type"]?.stringValue, let payload = value["object"] else {
            throw KubernetesError(
                code: .decoding, message: "watch event without type or object", verb: "WATCH", path: path, object: object)
        }
        if typeName == "ERROR" {
            let status = Status(json: payload)
            throw KubernetesError(
                code: .apiStatus, message: status?.message ?? "watch error", httpStatus: status?.code, status: status,
                verb: "WATCH", path: path, object: object)
        }
        guard let type = EventType(rawValue: typeName) else {
            throw KubernetesError(
                code: .decoding, message: "unknown watch event type \(typeName)", verb: "WATCH", path: path, object: object)
        }
        return WatchEvent(type: type, object: payload)
    }
}

/// What a resumable watch reports: a full (re)list, after which the consumer should treat
/// the items as the complete current state, or a single change.
public enum WatchUpdate: Sendable, Hashable {
    case relisted(items: [JSONValue], resourceVersion: String)
    case event(WatchEvent)
}

/// Splits a byte stream into newline-terminated lines as chunks arrive, without copying
/// more than one partial line. kube-apiserver ends every watch event with `\n`.
struct LineSplitter: Sendable {
    private var pending: [UInt8] = []
    private var lines: [[UInt8]] = []
    private var next = 0
    let maximumLineLength: Int

    init(maximumLineLength: Int = 128 << 20) {
        self.maximumLineLength = maximumLineLength
    }

    /// Adds a chunk; returns false when a line grew beyond the maximum.
    mutating func append(_ bytes: some Sequence<UInt8>) -> Bool {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if !pending.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { lines.append(pending) }
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
                if pending.count > maximumLineLength { return false }
            }
        }
        return true
    }

    /// The next complete line, if any.
    mutating func nextLine() -> [UInt8]? {
        guard next < lines.count else {
            lines.removeAll(keepingCapacity: true)
            next = 0
            return nil
        }
        defer { next += 1 }
        return lines[next]
    }

    /// The unterminated remainder at end of stream (a server that omits the last newline).
    mutating func finish() -> [UInt8]? {
        defer { pending = [] }
        return pending.isEmpty ? nil : pending
    }
}

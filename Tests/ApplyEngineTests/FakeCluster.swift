import KubernetesModel
import TestSupport

@testable import ApplyEngine

/// An API error as `KubernetesClient` would report it, for scripting failures.
struct FakeAPIError: ClusterErrorDetails, CustomStringConvertible {
    var httpStatus: Int?
    var reason: String?
    var message: String
    var description: String { message }

    static func invalid(_ message: String) -> FakeAPIError { FakeAPIError(httpStatus: 422, reason: "Invalid", message: message) }
    static let unavailable = FakeAPIError(
        httpStatus: 503, reason: "ServiceUnavailable", message: "the server is currently unable to handle the request")
}

/// A scripted, in-memory `ClusterAccess` that records every call, for testing `SyncEngine`'s
/// sequencing without an API server:
///
/// - objects live in a dictionary by key; apply stores the sent object (server-side apply's
///   answer: 201 when new, the resourceVersion moves only when the object changed), delete
///   removes it;
/// - `applyFailures`, `getFailures`, `listFailures`, `deleteFailures` script errors per object;
/// - a CRD is answered `Established` from its GET number `crdPollsUntilEstablished[name] + 1`
///   on (the first, by default); a CRD in `crdsNeverEstablished` stays `NamesAccepted=False`;
/// - applies of objects in `noOpApplies` change nothing (the resourceVersion stays);
/// - applies of objects in `slowApplies` wait on `slowClock` (which the test never advances)
///   until the task is cancelled, so a test can cancel a pass in the middle of a phase and
///   knows, by `slowClock.waitForSleepers`, when it is there;
/// - the first `applyOverlap` applies wait for each other (a one-shot barrier, no time
///   involved), so a run bounded at that concurrency provably reaches its bound; an engine
///   that never has that many in flight would hang there until the suite's time limit; every
///   apply yields a few times, so one that exceeds its bound shows more in flight.
actor FakeCluster: ClusterAccess {
    enum Call: Hashable, CustomStringConvertible {
        case list(kind: String, namespace: String)
        case get(ObjectKey)
        case apply(ObjectKey)
        case delete(ObjectKey)

        var description: String {
            switch self {
            case .list(let kind, let namespace): "list \(kind) \(namespace)"
            case .get(let key): "get \(key)"
            case .apply(let key): "apply \(key)"
            case .delete(let key): "delete \(key)"
            }
        }

        var key: ObjectKey? {
            switch self {
            case .list: nil
            case .get(let key), .apply(let key), .delete(let key): key
            }
        }
    }

    private(set) var objects: [ObjectKey: JSONValue] = [:]
    private(set) var calls: [Call] = []
    private(set) var maxAppliesInFlight = 0
    private var appliesInFlight = 0
    private var resourceVersion = 100
    private var crdPolls: [String: Int] = [:]

    var applyFailures: [ObjectKey: FakeAPIError] = [:]
    var getFailures: [ObjectKey: FakeAPIError] = [:]
    var deleteFailures: [ObjectKey: FakeAPIError] = [:]
    var listFailures: Set<String> = []
    var crdPollsUntilEstablished: [String: Int] = [:]
    var crdsNeverEstablished: Set<String> = []
    var slowApplies: Set<ObjectKey> = []
    var noOpApplies: Set<ObjectKey> = []
    var applyOverlap = 1
    private var barrier: [CheckedContinuation<Void, Never>] = []
    private var barrierOpen = false
    let slowClock = ManualClock()

    init(objects: [JSONValue] = []) {
        var stored: [ObjectKey: JSONValue] = [:]
        var version = resourceVersion
        for var object in objects {
            guard let key = object.objectKey else { continue }
            version += 1
            if object.resourceVersion == nil { object.resourceVersion = "\(version)" }
            stored[key] = object
        }
        self.objects = stored
        resourceVersion = version
    }

    // MARK: scripting

    func store(_ object: JSONValue) {
        guard let key = object.objectKey else { return }
        var stored = object
        if stored.resourceVersion == nil { stored.resourceVersion = nextVersion() }
        objects[key] = stored
    }

    func failApply(_ key: ObjectKey, with error: FakeAPIError) { applyFailures[key] = error }
    func failGet(_ key: ObjectKey, with error: FakeAPIError) { getFailures[key] = error }
    func failDelete(_ key: ObjectKey, with error: FakeAPIError) { deleteFailures[key] = error }
    func failList(kind: String) { listFailures.insert(kind) }
    func establishCRD(_ name: String, afterPolls polls: Int) { crdPollsUntilEstablished[name] = polls }
    func neverEstablishCRD(_ name: String) { crdsNeverEstablished.insert(name) }
    func applySlowly(_ key: ObjectKey) { slowApplies.insert(key) }
    /// The server accepts the apply and writes nothing (what it holds already means the same).
    func applyWithoutChange(_ key: ObjectKey) { noOpApplies.insert(key) }
    func edit(_ key: ObjectKey, _ change: @Sendable (inout JSONValue) -> Void) {
        guard var object = objects[key] else { return }
        change(&object)
        object.resourceVersion = nextVersion()
        objects[key] = object
    }
    func overlapApplies(_ count: Int) { applyOverlap = count }

    // MARK: reading what happened

    func applied() -> [ObjectKey] {
        calls.compactMap { call -> ObjectKey? in
            if case .apply(let key) = call { return key }
            return nil
        }
    }

    func deleted() -> [ObjectKey] {
        calls.compactMap { call -> ObjectKey? in
            if case .delete(let key) = call { return key }
            return nil
        }
    }

    func gets(of key: ObjectKey) -> Int { calls.filter { $0 == .get(key) }.count }
    func lists() -> [Call] { calls.filter { if case .list = $0 { true } else { false } } }
    func object(_ key: ObjectKey) -> JSONValue? { objects[key] }

    // MARK: ClusterAccess

    func isNamespaced(_ gvk: GroupVersionKind) async throws -> Bool? {
        !["Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding"].contains(gvk.kind)
    }

    func list(_ gvk: GroupVersionKind, namespace: String) async throws -> [JSONValue]? {
        calls.append(.list(kind: gvk.kind, namespace: namespace))
        if listFailures.contains(gvk.kind) { throw FakeAPIError.unavailable }
        return objects.values
            .filter {
                $0.groupVersionKind?.kind == gvk.kind && $0.groupVersionKind?.group == gvk.group && ($0.namespace ?? "") == namespace
            }
            .map { answered($0) }
    }

    func get(_ gvk: GroupVersionKind, namespace: String, name: String) async throws -> JSONValue? {
        let key = ObjectKey(group: gvk.group, kind: gvk.kind, namespace: namespace, name: name)
        calls.append(.get(key))
        if let failure = getFailures[key] { throw failure }
        return objects[key].map { answered($0, poll: true) }
    }

    func apply(_ object: JSONValue, gvk: GroupVersionKind, fieldManager: String, force: Bool, dryRun: Bool)
        async throws -> (object: JSONValue, created: Bool)
    {
        guard let key = object.objectKey else { throw FakeAPIError.invalid("object without a name") }
        calls.append(.apply(key))
        appliesInFlight += 1
        maxAppliesInFlight = max(maxAppliesInFlight, appliesInFlight)
        defer { appliesInFlight -= 1 }
        if !barrierOpen {
            if appliesInFlight >= applyOverlap {
                barrierOpen = true
                for waiter in barrier { waiter.resume() }
                barrier = []
            } else {
                await withCheckedContinuation { barrier.append($0) }
            }
        }
        // Let other applies in while this one is in flight, as a server's answer would.
        for _ in 0..<10 { await Task.yield() }
        if slowApplies.contains(key) {
            // Never advanced: only cancellation ends this.
            try await slowClock.sleep(for: .seconds(3600))
        }
        if let failure = applyFailures[key] { throw failure }
        let previous = objects[key]
        if let previous, noOpApplies.contains(key) { return (answered(previous), false) }
        var stored = object
        if let previous {
            stored.resourceVersion = previous.resourceVersion
            stored.set(path: ["status"], to: previous["status"])
            if stored != previous { stored.resourceVersion = nextVersion() }
        } else {
            stored.resourceVersion = nextVersion()
        }
        objects[key] = stored
        return (answered(stored), previous == nil)
    }

    func delete(_ gvk: GroupVersionKind, namespace: String, name: String) async throws {
        let key = ObjectKey(group: gvk.group, kind: gvk.kind, namespace: namespace, name: name)
        calls.append(.delete(key))
        if let failure = deleteFailures[key] { throw failure }
        objects[key] = nil
    }

    // MARK: helpers

    private func nextVersion() -> String {
        resourceVersion += 1
        return "\(resourceVersion)"
    }

    /// The object as the server answers it: a CRD with its conditions as scripted (a GET is
    /// a `poll`; only polls move a CRD towards `Established`).
    private func answered(_ object: JSONValue, poll: Bool = false) -> JSONValue {
        guard let key = object.objectKey, ApplyOrder.isCRD(key) else { return object }
        let polls = (crdPolls[key.name] ?? 0) + (poll ? 1 : 0)
        crdPolls[key.name] = polls
        var answer = object
        if crdsNeverEstablished.contains(key.name) {
            answer.set(
                path: ["status", "conditions"],
                to: [
                    [
                        "type": "NamesAccepted", "status": "False", "reason": "MultipleNamesConflict",
                        "message": "\"widgets\" is already in use",
                    ],
                    ["type": "Established", "status": "False", "reason": "NotAccepted", "message": "not all names are accepted"],
                ])
        } else if polls > crdPollsUntilEstablished[key.name, default: 0] {
            answer.set(path: ["status", "conditions"], to: [["type": "Established", "status": "True", "reason": "InitialNamesAccepted"]])
        }
        return answer
    }
}

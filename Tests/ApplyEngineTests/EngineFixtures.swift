import KubernetesModel
import Logging
import TestSupport

@testable import ApplyEngine

/// Objects and engines for the `SyncEngine` tests against `FakeCluster`.
enum Fixture {
    static let mark = SyncMark(value: "sha256.this-installation")
    static let otherMark = SyncMark(value: "sha256.another-installation")
    static let quiet = Logger(label: "sync-engine-test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func engine(
        _ cluster: FakeCluster, garbageCollection: Bool = false, dryRun: Bool = false, concurrency: Int = 16,
        crdTimeout: Duration = .seconds(30), allowed: [String] = [], clock: any Clock<Duration> = ImmediateClock()
    ) -> SyncEngine {
        SyncEngine(
            cluster: cluster,
            settings: SyncEngine.Settings(
                mark: mark, filter: NamespaceFilter(allowed: allowed), garbageCollection: garbageCollection,
                garbageCollectionDry: dryRun, concurrency: concurrency, crdTimeout: crdTimeout),
            logger: quiet, clock: clock)
    }

    static func manifest(
        _ apiVersion: String, _ kind: String, _ namespace: String?, _ name: String, data: String = "v1",
        labels: [String: String] = [:], annotations: [String: String] = [:]
    ) -> JSONValue {
        var value: JSONValue = ["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": ["name": .string(name)]]
        if let namespace { value.namespace = namespace }
        if !labels.isEmpty { value.labels = labels }
        if !annotations.isEmpty { value.annotations = annotations }
        if kind == "ConfigMap" { value.set(path: ["data"], to: ["value": .string(data)]) }
        return value
    }

    static func desired(_ manifest: JSONValue, file: String = "deploy/all.yaml", line: Int = 1) throws -> DesiredObject {
        try DesiredObject(object: manifest, source: SourceLocation(file: file, line: line))
    }

    static func configMap(_ namespace: String, _ name: String, data: String = "v1") throws -> DesiredObject {
        try desired(manifest("v1", "ConfigMap", namespace, name, data: data))
    }

    static func namespace(_ name: String) throws -> DesiredObject { try desired(manifest("v1", "Namespace", nil, name)) }

    static func crd(_ name: String) throws -> DesiredObject {
        try desired(manifest("apiextensions.k8s.io/v1", "CustomResourceDefinition", nil, name))
    }

    static func clusterRole(_ name: String) throws -> DesiredObject {
        try desired(manifest("rbac.authorization.k8s.io/v1", "ClusterRole", nil, name))
    }

    /// A live object this (or another) installation applied earlier, and its inventory entry.
    static func applied(_ manifest: JSONValue, mark: SyncMark = Fixture.mark) -> (JSONValue, InventoryEntry) {
        let live = Drift.prepared(manifest, mark: mark)
        let key = live.objectKey ?? ObjectKey(group: "", kind: "", namespace: "", name: "")
        return (live, InventoryEntry(key: key, apiVersion: live["apiVersion"]?.stringValue ?? ""))
    }

    static func key(_ kind: String, _ namespace: String, _ name: String, group: String = "") -> ObjectKey {
        ObjectKey(group: group, kind: kind, namespace: namespace, name: name)
    }
}

extension SyncEngine.Outcome {
    func result(_ key: ObjectKey) -> ObjectResult? { changes.results.first { $0.key == key } }
    func action(_ key: ObjectKey) -> ObjectAction? { result(key)?.action }
}

import ImagePolicy
import KubernetesModel
import Testing

@testable import ApplyEngine

func key(_ kind: String, _ namespace: String, _ name: String, group: String = "") -> ObjectKey {
    ObjectKey(group: group, kind: kind, namespace: namespace, name: name)
}

func object(
    _ apiVersion: String, _ kind: String, _ namespace: String?, _ name: String,
    labels: [String: String] = [:], annotations: [String: String] = [:]
) -> JSONValue {
    var value: JSONValue = ["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": ["name": .string(name)]]
    if let namespace { value.namespace = namespace }
    if !labels.isEmpty { value.labels = labels }
    if !annotations.isEmpty { value.annotations = annotations }
    return value
}

@Suite struct ApplyOrderTests {
    @Test func phasesPutNamespacesAndCRDsFirst() throws {
        let objects = try [
            DesiredObject(object: object("v1", "ConfigMap", "a", "cm")),
            DesiredObject(object: object("rbac.authorization.k8s.io/v1", "ClusterRole", nil, "role")),
            DesiredObject(object: object("apiextensions.k8s.io/v1", "CustomResourceDefinition", nil, "widgets.example.com")),
            DesiredObject(object: object("v1", "Namespace", nil, "a")),
        ]
        let phases = ApplyOrder.phases(objects)
        #expect(phases.map(\.0) == [.namespacesAndDefinitions, .clusterScoped, .namespaced])
        #expect(phases[0].1.map(\.key.kind) == ["Namespace", "CustomResourceDefinition"])
        #expect(phases[2].1.map(\.key.name) == ["cm"])
    }

    @Test func pruneOrderIsReversed() {
        let order = ApplyOrder.pruneOrder([
            key("Namespace", "", "a"), key("ConfigMap", "a", "cm"), key("ClusterRole", "", "r", group: "rbac.authorization.k8s.io"),
        ])
        #expect(order.map { $0.map(\.kind) } == [["ConfigMap"], ["ClusterRole"], ["Namespace"]])
    }

    @Test func objectWithoutNameIsRejected() {
        #expect(throws: ApplyError.self) { try DesiredObject(object: ["apiVersion": "v1", "kind": "ConfigMap"]) }
    }
}

@Suite struct PrunePlanTests {
    let mark = SyncMark(value: "sha256.abc")

    @Test func prunesOnlyMarkedUnignoredObjectsAbsentFromGit() {
        let previous = [
            InventoryEntry(key: key("ConfigMap", "a", "kept-in-git"), apiVersion: "v1"),
            InventoryEntry(key: key("ConfigMap", "a", "removed"), apiVersion: "v1"),
            InventoryEntry(key: key("ConfigMap", "a", "unmarked"), apiVersion: "v1"),
            InventoryEntry(key: key("ConfigMap", "a", "ignored"), apiVersion: "v1"),
            InventoryEntry(key: key("ConfigMap", "a", "sync-only"), apiVersion: "v1"),
            InventoryEntry(key: key("ConfigMap", "a", "gone"), apiVersion: "v1"),
            InventoryEntry(key: key("ConfigMap", "b", "other-ns"), apiVersion: "v1"),
            InventoryEntry(key: key("Namespace", "", "a"), apiVersion: "v1"),
        ]
        let marked = [SyncMark.label: mark.value]
        let live: [ObjectKey: JSONValue?] = [
            key("ConfigMap", "a", "removed"): object("v1", "ConfigMap", "a", "removed", labels: marked),
            key("ConfigMap", "a", "unmarked"): object("v1", "ConfigMap", "a", "unmarked", labels: [SyncMark.label: "sha256.other"]),
            key("ConfigMap", "a", "ignored"): object(
                "v1", "ConfigMap", "a", "ignored", labels: marked, annotations: ["fluxcd.io/ignore": "true"]),
            key("ConfigMap", "a", "sync-only"): object(
                "v1", "ConfigMap", "a", "sync-only", labels: marked, annotations: ["flux.weave.works/ignore": "sync_only"]),
            key("ConfigMap", "a", "gone"): Optional<JSONValue>.none,
            key("ConfigMap", "b", "other-ns"): object("v1", "ConfigMap", "b", "other-ns", labels: marked),
            key("Namespace", "", "a"): object("v1", "Namespace", nil, "a", labels: marked),
        ]
        let plan = PrunePlan.make(
            previous: previous, current: [key("ConfigMap", "a", "kept-in-git")], live: live, mark: mark,
            filter: NamespaceFilter(allowed: ["a"]))
        #expect(plan.deletions == [[key("ConfigMap", "a", "removed")], [key("Namespace", "", "a")]])
        #expect(Set(plan.kept.map(\.0.name)) == ["unmarked", "ignored", "sync-only", "other-ns"])
    }
}

@Suite struct PolicyTests {
    @Test func ignoreAnnotations() {
        #expect(IgnorePolicy(object: object("v1", "ConfigMap", "a", "x", annotations: ["fluxcd.io/ignore": "true"])) == .ignore)
        #expect(IgnorePolicy(object: object("v1", "ConfigMap", "a", "x", annotations: ["fluxcd.io/ignore": "sync_only"])) == .syncOnly)
        #expect(IgnorePolicy(object: object("v1", "ConfigMap", "a", "x", annotations: ["fluxcd.io/ignore": "false"])) == .none)
        #expect(IgnorePolicy(object: nil) == .none)
    }

    @Test func markKeepsExistingLabelsFirst() {
        let mark = SyncMark(value: "sha256.x")
        var value = object("v1", "ConfigMap", "a", "x")
        value.set(path: ["metadata", "labels"], to: ["z": "1", "a": "2"])
        let marked = mark.marking(value)
        #expect(marked[path: ["metadata", "labels"]]?.objectValue?.keys == ["z", "a", SyncMark.label])
        #expect(mark.isCarried(by: marked))
    }

    @Test func namespaceFilter() {
        let filter = NamespaceFilter(allowed: ["a"])
        #expect(filter.allows(key("ConfigMap", "a", "x")))
        #expect(!filter.allows(key("ConfigMap", "b", "x")))
        #expect(filter.allows(key("ClusterRole", "", "x", group: "rbac.authorization.k8s.io")))
        #expect(filter.allows(key("Namespace", "", "a")))
        #expect(!filter.allows(key("Namespace", "", "b")))
    }
}

@Suite struct InventoryTests {
    @Test func roundTripsThroughConfigMap() throws {
        let inventory = Inventory(
            revision: "abc123", source: "file:///repo main [.]",
            entries: [
                InventoryEntry(key: key("Deployment", "web", "front_end", group: "apps"), apiVersion: "apps/v1"),
                InventoryEntry(
                    key: key("ClusterRole", "", "reader", group: "rbac.authorization.k8s.io"), apiVersion: "rbac.authorization.k8s.io/v1"),
            ])
        let configMap = inventory.configMap(namespace: "flux", mark: SyncMark(value: "m"))
        #expect(configMap.name == Inventory.configMapName)
        #expect(configMap.namespace == "flux")
        let decoded = try Inventory(configMap: configMap)
        #expect(decoded == inventory)
    }

    @Test func malformedEntriesAreErrors() {
        let configMap: JSONValue = ["data": ["entries": "[{\"id\":\"nope\",\"v\":\"v1\"}]"]]
        #expect(throws: ApplyError.self) { try Inventory(configMap: configMap) }
    }
}

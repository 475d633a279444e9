import EmbeddedCluster
import Foundation
import KubernetesModel
import Logging
import TestSupport
import Testing

@testable import KubernetesClient

/// The client against the embedded kube-apiserver: discovery, CRUD, apply, patches,
/// pagination, CRDs appearing at run time, watch, over TLS with a client certificate.
@Suite struct EmbeddedClusterTests {
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
    static let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")

    static func quietLogger() -> Logger {
        var logger = Logger(label: "embedded-cluster-test")
        logger.logLevel = .critical
        return logger
    }

    /// Runs `body` with a client configured from the kubeconfig the running cluster writes.
    static func withCluster<T: Sendable>(
        tls: EmbeddedClusterConfiguration.TLSMode = .generated(requireClientCertificates: true),
        bookmarkInterval: Duration = .seconds(30), eventHistorySize: Int = 10_000,
        _ body: @Sendable (KubernetesClient, RunningCluster) async throws -> T
    ) async throws -> T {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        return try await EmbeddedCluster.withRunning(
            EmbeddedClusterConfiguration(
                tls: tls, bookmarkInterval: bookmarkInterval, eventHistorySize: eventHistorySize, logger: quietLogger())
        ) { running in
            let path = "\(dir.path)/kubeconfig"
            try running.writeKubeconfig(to: path)
            let configuration = try KubeConfig.load(kubeconfigPath: path, environment: [:])
            return try await withTestClient(configuration) { client in try await body(client, running) }
        }
    }

    static func configMap(_ name: String, namespace: String = "apps", data: JSONValue = ["k": "v"], labels: JSONValue = [:]) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": labels], "data": data,
        ]
    }

    static func namespace(_ name: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]]
    }

    @Test func discoveryAndVersionOverClientCertificateTLS() async throws {
        try await Self.withCluster { client, running in
            #expect(running.scheme == "https")
            #expect(client.configuration.tls.clientCertificatePEM != nil)
            let version = try await client.serverVersion()
            #expect(!version.gitVersion.isEmpty)
            let deployments = try await client.resource(for: Self.deployment)
            #expect(deployments.name == "deployments" && deployments.namespaced)
            let namespaces = try await client.resource(for: GroupVersionKind(group: "", version: "v1", kind: "Namespace"))
            #expect(namespaces.name == "namespaces" && !namespaces.namespaced)
            let roles = try await client.resource(
                for: GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole"))
            #expect(!roles.namespaced)
            let unknown = await #expect(throws: KubernetesError.self) {
                try await client.resource(for: GroupVersionKind(group: "example.com", version: "v1", kind: "Widget"))
            }
            #expect(unknown?.isUnknownKind == true)
            let all = try await client.preferredResources()
            #expect(all.contains { $0.kind == "CustomResourceDefinition" })
        }
    }

    @Test func aClientWithoutTheCertificateIsRefused() async throws {
        try await Self.withCluster { client, _ in
            var anonymous = client.configuration
            anonymous.tls.clientCertificatePEM = nil
            anonymous.tls.clientKeyPEM = nil
            anonymous.retry = .none
            let error = await #expect(throws: KubernetesError.self) {
                try await withTestClient(anonymous) { other in try await other.serverVersion() }
            }
            #expect(error?.code == .transport)
        }
    }

    @Test func createGetUpdateDeleteWithTypedErrors() async throws {
        try await Self.withCluster(tls: .off) { client, _ in
            _ = try await client.create(Self.namespace("apps"))
            let created = try await client.create(Self.configMap("one"))
            #expect(created.uid?.isEmpty == false)
            let again = await #expect(throws: KubernetesError.self) { try await client.create(Self.configMap("one")) }
            #expect(again?.isAlreadyExists == true)
            #expect(again?.object?.name == "one")

            var fetched = try await client.get(Self.configMap, namespace: "apps", name: "one")
            #expect(fetched["data"] == ["k": "v"])
            fetched["data"] = ["k": "updated"]
            let updated = try await client.update(fetched)
            #expect(updated["data"] == ["k": "updated"])
            // The old resourceVersion is stale now.
            let stale = await #expect(throws: KubernetesError.self) { try await client.update(fetched) }
            #expect(stale?.isConflict == true)
            #expect(stale?.status?.reason == "Conflict")

            // Dry run changes nothing.
            _ = try await client.patch(Self.configMap, namespace: "apps", name: "one", patch: .merge(["data": ["k": "dry"]]), dryRun: true)
            #expect(try await client.get(Self.configMap, namespace: "apps", name: "one")["data"] == ["k": "updated"])
            _ = try await client.patch(Self.configMap, namespace: "apps", name: "one", patch: .merge(["data": ["extra": "1"]]))
            let patched = try await client.patch(
                Self.configMap, namespace: "apps", name: "one",
                patch: .json([["op": "replace", "path": "/data/k", "value": "json"]]))
            #expect(patched["data"] == ["k": "json", "extra": "1"])

            let wrongUID = await #expect(throws: KubernetesError.self) {
                try await client.delete(
                    Self.configMap, namespace: "apps", name: "one", options: DeleteOptions(preconditionUID: "not-the-uid"))
            }
            #expect(wrongUID?.isConflict == true)
            try await client.delete(
                Self.configMap, namespace: "apps", name: "one",
                options: DeleteOptions(propagationPolicy: .background, preconditionUID: created.uid))
            let gone = await #expect(throws: KubernetesError.self) { try await client.get(Self.configMap, namespace: "apps", name: "one") }
            #expect(gone?.isNotFound == true)
            #expect(gone?.object == ObjectReference(kind: "ConfigMap", namespace: "apps", name: "one"))
        }
    }

    @Test func serverSideApplyWithFieldManagersAndStatus() async throws {
        try await Self.withCluster(tls: .off) { client, _ in
            _ = try await client.apply(Self.namespace("apps"), fieldManager: "swiftflux")
            let applied = try await client.apply(Self.configMap("cfg", data: ["a": "1"]), fieldManager: "swiftflux")
            #expect(applied["data"] == ["a": "1"])
            let managers = applied[path: ["metadata", "managedFields"]]?.arrayValue?.compactMap { $0["manager"]?.stringValue }
            #expect(managers == ["swiftflux"])
            // Another manager changing an owned field conflicts unless forced.
            let conflict = await #expect(throws: KubernetesError.self) {
                try await client.apply(Self.configMap("cfg", data: ["a": "2"]), fieldManager: "intruder")
            }
            #expect(conflict?.isConflict == true)
            #expect(conflict?.causes.isEmpty == false)
            let forced = try await client.apply(Self.configMap("cfg", data: ["a": "2"]), fieldManager: "intruder", force: true)
            #expect(forced["data"] == ["a": "2"])
            // Dry-run apply does not persist.
            _ = try await client.apply(Self.configMap("cfg", data: ["a": "3"]), fieldManager: "intruder", dryRun: true)
            #expect(try await client.get(Self.configMap, namespace: "apps", name: "cfg")["data"] == ["a": "2"])

            // Creation is reported (201) apart from updates (200).
            let first = try await client.applyReportingCreation(Self.configMap("reported"), fieldManager: "swiftflux")
            let second = try await client.applyReportingCreation(Self.configMap("reported"), fieldManager: "swiftflux")
            #expect(first.created && !second.created)
            #expect(second.object.name == "reported")

            // Status subresource of a Deployment.
            let deployment: JSONValue = [
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web", "namespace": "apps"],
                "spec": [
                    "replicas": 1, "selector": ["matchLabels": ["app": "web"]],
                    "template": [
                        "metadata": ["labels": ["app": "web"]],
                        "spec": ["containers": [["name": "web", "image": "nginx:1.27"]]],
                    ],
                ],
            ]
            _ = try await client.apply(deployment, fieldManager: "swiftflux")
            _ = try await client.patch(
                Self.deployment, namespace: "apps", name: "web", patch: .merge(["status": ["observedGeneration": 1, "readyReplicas": 1]]),
                subresource: "status")
            let withStatus = try await client.get(Self.deployment, namespace: "apps", name: "web")
            #expect(withStatus[path: ["status", "readyReplicas"]]?.intValue == 1)
            #expect(withStatus[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.count == 1)
        }
    }

    @Test func listSelectorsAndPagination() async throws {
        try await Self.withCluster(tls: .off) { client, _ in
            _ = try await client.create(Self.namespace("apps"))
            _ = try await client.create(Self.namespace("other"))
            for index in 0..<5 {
                _ = try await client.create(Self.configMap("cm-\(index)", labels: ["tier": index % 2 == 0 ? "web" : "db"]))
            }
            _ = try await client.create(Self.configMap("elsewhere", namespace: "other", labels: ["tier": "web"]))
            let page = try await client.list(Self.configMap, namespace: "apps", options: ListOptions(limit: 2))
            #expect(page.items.count == 2)
            #expect(page.continueToken != nil)
            let all = try await client.listAll(Self.configMap, namespace: "apps", pageSize: 2)
            #expect(Set(all.items.compactMap(\.name)) == Set((0..<5).map { "cm-\($0)" }))
            let web = try await client.listAll(Self.configMap, options: ListOptions(labelSelector: "tier=web"))
            #expect(Set(web.items.compactMap(\.name)) == ["cm-0", "cm-2", "cm-4", "elsewhere"])
            let notWeb = try await client.list(Self.configMap, namespace: "apps", options: ListOptions(labelSelector: "tier!=web"))
            #expect(Set(notWeb.items.compactMap(\.name)) == ["cm-1", "cm-3"])
            let byName = try await client.list(
                Self.configMap, options: ListOptions(fieldSelector: "metadata.name=cm-3,metadata.namespace=apps"))
            #expect(byName.items.compactMap(\.name) == ["cm-3"])
        }
    }

    @Test func customResourcesAreFoundOnceTheirDefinitionExists() async throws {
        try await Self.withCluster(tls: .off) { client, _ in
            let widget = GroupVersionKind(group: "example.com", version: "v1", kind: "Widget")
            let before = await #expect(throws: KubernetesError.self) { try await client.resource(for: widget) }
            #expect(before?.isUnknownKind == true)
            let crd: JSONValue = [
                "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                "metadata": ["name": "widgets.example.com"],
                "spec": [
                    "group": "example.com", "scope": "Cluster",
                    "names": ["plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"],
                    "versions": [
                        [
                            "name": "v1", "served": true, "storage": true,
                            "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                        ]
                    ],
                ],
            ]
            _ = try await client.apply(crd, fieldManager: "swiftflux")
            let object: JSONValue = ["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w1"], "spec": ["size": 3]]
            _ = try await client.apply(object, fieldManager: "swiftflux")
            let resource = try await client.resource(for: widget)
            #expect(resource.name == "widgets" && !resource.namespaced)
            let fetched = try await client.get(widget, name: "w1")
            #expect(fetched[path: ["spec", "size"]]?.intValue == 3)
        }
    }

    @Test func watchSeesChangesAfterTheInitialList() async throws {
        try await Self.withCluster(tls: .off) { client, _ in
            _ = try await client.create(Self.namespace("apps"))
            _ = try await client.create(Self.configMap("existing"))
            let (listed, listedContinuation) = AsyncStream.makeStream(of: Void.self)
            let updates = try await withThrowingTaskGroup(of: [WatchUpdate].self) { group in
                group.addTask {
                    var seen: [WatchUpdate] = []
                    for try await update in client.watchResuming(Self.configMap, namespace: "apps") {
                        seen.append(update)
                        if seen.count == 1 { listedContinuation.yield() }
                        if seen.count == 4 { break }
                    }
                    return seen
                }
                group.addTask {
                    var iterator = listed.makeAsyncIterator()
                    _ = await iterator.next()
                    _ = try await client.create(Self.configMap("fresh"))
                    _ = try await client.patch(Self.configMap, namespace: "apps", name: "fresh", patch: .merge(["data": ["k": "2"]]))
                    try await client.delete(Self.configMap, namespace: "apps", name: "fresh")
                    return []
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(20))
                    throw TestServerError.didNotStart
                }
                var result: [WatchUpdate] = []
                for try await seen in group where !seen.isEmpty {
                    result = seen
                    break
                }
                group.cancelAll()
                return result
            }
            guard updates.count == 4, case .relisted(let items, _) = updates[0] else {
                Issue.record("unexpected updates \(updates)")
                return
            }
            #expect(items.compactMap(\.name) == ["existing"])
            let events = updates.dropFirst().compactMap { update -> (WatchEvent.EventType, String?)? in
                if case .event(let event) = update { return (event.type, event.object.name) }
                return nil
            }
            #expect(events.map(\.0) == [.added, .modified, .deleted])
            #expect(events.allSatisfy { $0.1 == "fresh" })
        }
    }

    @Test func anExpiredResourceVersionIsGoneAndBookmarksArrive() async throws {
        try await Self.withCluster(tls: .off, bookmarkInterval: .milliseconds(100), eventHistorySize: 3) { client, _ in
            let namespace = try await client.create(Self.namespace("apps"))
            let oldVersion = try #require(namespace.resourceVersion)
            for index in 0..<6 { _ = try await client.create(Self.configMap("cm-\(index)")) }
            let error = await #expect(throws: KubernetesError.self) {
                for try await _ in try await client.watch(Self.configMap, namespace: "apps", resourceVersion: oldVersion) {}
            }
            #expect(error?.isGone == true)

            let current = try await client.list(Self.configMap, namespace: "apps")
            let stream = try await client.watch(
                Self.configMap, namespace: "apps", resourceVersion: current.resourceVersion,
                options: WatchOptions(allowBookmarks: true, timeoutSeconds: 5))
            var bookmark: WatchEvent?
            for try await event in stream where event.type == .bookmark {
                bookmark = event
                break
            }
            #expect(bookmark?.resourceVersion?.isEmpty == false)
        }
    }
}

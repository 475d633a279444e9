import Foundation
import HTTPTypes
import Hummingbird
import KubernetesModel
import NIOCore
import TestSupport
import Testing

@testable import KubernetesClient

/// The dynamic client's URLs, verbs, query parameters and bodies, against a loopback server
/// that answers like kube-apiserver for the paths used here.
@Suite struct DynamicClientTests {
    static let coreResources: JSONValue = [
        "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "v1",
        "resources": [
            [
                "name": "configmaps", "singularName": "configmap", "namespaced": true, "kind": "ConfigMap",
                "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"], "shortNames": ["cm"],
            ],
            ["name": "namespaces", "singularName": "namespace", "namespaced": false, "kind": "Namespace", "verbs": ["get"]],
            ["name": "namespaces/status", "singularName": "", "namespaced": false, "kind": "Namespace", "verbs": ["get"]],
        ],
    ]
    static let widgetResources: JSONValue = [
        "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "example.com/v1",
        "resources": [["name": "widgets", "singularName": "widget", "namespaced": false, "kind": "Widget", "verbs": ["get"]]],
    ]
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")

    actor CRDState {
        var installed = false
        func install() { installed = true }
    }

    @Test func discoveryFindsKindsAndRefreshesForCRDsCreatedLater() async throws {
        let crd = CRDState()
        try await TestAPIServer.with(
            handler: { entry, _ in
                switch entry.path {
                case "/api/v1": return .json(Self.coreResources)
                case "/apis/example.com/v1":
                    if await crd.installed { return .json(Self.widgetResources) }
                    return .status(Status(message: "the server could not find the requested resource", reason: "NotFound", code: 404))
                case "/apis/example.com/v1/widgets/w1":
                    return .json(["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w1"]])
                default: return .status(Status(message: "not found", reason: "NotFound", code: 404))
                }
            },
            { url, log in
                try await withTestClient(testConfiguration(url)) { client in
                    let cm = try await client.resource(for: Self.configMap)
                    #expect(cm.name == "configmaps" && cm.namespaced && cm.verbs.contains("watch"))
                    let ns = try await client.resource(for: GroupVersionKind(group: "", version: "v1", kind: "Namespace"))
                    #expect(ns.name == "namespaces" && !ns.namespaced)
                    #expect(await log.count == 1)  // cached
                    let widget = GroupVersionKind(group: "example.com", version: "v1", kind: "Widget")
                    let error = await #expect(throws: KubernetesError.self) { try await client.resource(for: widget) }
                    #expect(error?.isUnknownKind == true)
                    await crd.install()
                    // Cluster-scoped: the namespace argument is ignored in the URL.
                    let object = try await client.get(widget, namespace: "ignored", name: "w1")
                    #expect(object.name == "w1")
                    #expect(await log.entries.last?.path == "/apis/example.com/v1/widgets/w1")
                }
            })
    }

    @Test func crudRequestsHaveKubectlsShape() async throws {
        try await TestAPIServer.with(
            handler: { entry, _ in
                if entry.path == "/api/v1" { return .json(Self.coreResources) }
                if entry.method == "DELETE" { return .json(Status(status: "Success", message: "", reason: "", code: 200).json) }
                if entry.path.hasSuffix("/missing") {
                    return .status(
                        Status(
                            message: "configmaps \"missing\" not found", reason: "NotFound", code: 404,
                            details: .init(name: "missing", kind: "configmaps")))
                }
                if entry.method == "PUT" {
                    return .status(
                        Status(
                            message:
                                "Operation cannot be fulfilled on configmaps \"cm\": the object has been modified; please apply your changes to the latest version and try again",
                            reason: "Conflict", code: 409, details: .init(name: "cm", kind: "configmaps")))
                }
                var echoed = entry.json ?? ["kind": "ConfigMap"]
                echoed.resourceVersion = "7"
                return .json(echoed)
            },
            { url, log in
                try await withTestClient(testConfiguration(url)) { client in
                    var object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "cm"], "data": ["k": "v"]]
                    // Create in the default namespace, dry-run.
                    let created = try await client.create(object, dryRun: true, fieldManager: "flux")
                    #expect(created.resourceVersion == "7")
                    var entry = await log.entries.last
                    #expect(entry?.method == "POST")
                    #expect(entry?.path == "/api/v1/namespaces/default/configmaps")
                    #expect(entry?.query == "dryRun=All&fieldManager=flux")
                    #expect(entry?.json?["data"] == ["k": "v"])

                    // Server-side apply.
                    object.namespace = "team-a"
                    _ = try await client.apply(object, fieldManager: "swiftflux", force: true)
                    entry = await log.entries.last
                    #expect(entry?.method == "PATCH")
                    #expect(entry?.path == "/api/v1/namespaces/team-a/configmaps/cm")
                    #expect(entry?.query == "fieldManager=swiftflux&force=true")
                    #expect(entry?.header("content-type") == "application/apply-patch+yaml")

                    // Merge and JSON patches.
                    _ = try await client.patch(Self.configMap, namespace: "team-a", name: "cm", patch: .merge(["data": ["k": "w"]]))
                    #expect(await log.entries.last?.header("content-type") == "application/merge-patch+json")
                    _ = try await client.patch(
                        Self.configMap, namespace: "team-a", name: "cm",
                        patch: .json([["op": "replace", "path": "/data/k", "value": "x"]]), subresource: "status")
                    entry = await log.entries.last
                    #expect(entry?.header("content-type") == "application/json-patch+json")
                    #expect(entry?.path == "/api/v1/namespaces/team-a/configmaps/cm/status")
                    #expect(entry?.json?.arrayValue?.count == 1)

                    // Update conflicts are typed.
                    let conflict = await #expect(throws: KubernetesError.self) { try await client.update(object) }
                    #expect(conflict?.isConflict == true)
                    #expect(conflict?.object == ObjectReference(kind: "ConfigMap", namespace: "team-a", name: "cm"))
                    _ = await #expect(throws: KubernetesError.self) { try await client.updateStatus(object) }
                    #expect(await log.entries.last?.path == "/api/v1/namespaces/team-a/configmaps/cm/status")

                    // Not found.
                    let missing = await #expect(throws: KubernetesError.self) {
                        try await client.get(Self.configMap, namespace: "team-a", name: "missing")
                    }
                    #expect(missing?.isNotFound == true)
                    #expect(missing?.status?.details?.name == "missing")

                    // Delete with propagation policy and preconditions.
                    try await client.delete(
                        Self.configMap, namespace: "team-a", name: "cm",
                        options: DeleteOptions(propagationPolicy: .foreground, preconditionUID: "u-1", dryRun: true))
                    entry = await log.entries.last
                    #expect(entry?.method == "DELETE")
                    #expect(entry?.query == "dryRun=All")
                    #expect(entry?.json?["propagationPolicy"] == "Foreground")
                    #expect(entry?.json?[path: ["preconditions", "uid"]] == "u-1")
                    #expect(entry?.json?["dryRun"] == ["All"])
                }
            })
    }

    @Test func listFollowsContinueTokensAndEncodesSelectors() async throws {
        try await TestAPIServer.with(
            handler: { entry, _ in
                if entry.path == "/api/v1" { return .json(Self.coreResources) }
                let page: Int = entry.query.contains("continue=page2") ? 2 : (entry.query.contains("continue=page3") ? 3 : 1)
                let names = [1: ["a", "b"], 2: ["c", "d"], 3: ["e"]][page] ?? []
                var metadata: JSONObject = ["resourceVersion": .string("10\(page)")]
                if page < 3 { metadata["continue"] = .string("page\(page + 1)") }
                return .json([
                    "kind": "ConfigMapList", "apiVersion": "v1", "metadata": .object(metadata),
                    "items": .array(names.map { ["metadata": ["name": .string($0), "namespace": "ns"]] }),
                ])
            },
            { url, log in
                try await withTestClient(testConfiguration(url)) { client in
                    let options = ListOptions(labelSelector: "app in (web,api),tier!=db", fieldSelector: "metadata.name=a")
                    let all = try await client.listAll(Self.configMap, options: options, pageSize: 2)
                    #expect(all.items.compactMap(\.name) == ["a", "b", "c", "d", "e"])
                    #expect(all.items.allSatisfy { $0.kind == "ConfigMap" && $0.apiVersion == "v1" })
                    #expect(all.resourceVersion == "101")
                    let requests = await log.entries.dropFirst()
                    #expect(requests.count == 3)
                    #expect(requests.allSatisfy { $0.path == "/api/v1/configmaps" })
                    #expect(
                        requests.first?.query
                            == "labelSelector=app%20in%20%28web%2Capi%29%2Ctier%21%3Ddb&fieldSelector=metadata.name%3Da&limit=2")
                    #expect(requests.last?.query.hasSuffix("limit=2&continue=page3") == true)
                    let one = try await client.list(Self.configMap, namespace: "ns", options: ListOptions(limit: 2))
                    #expect(one.continueToken == "page2")
                    #expect(await log.entries.last?.path == "/api/v1/namespaces/ns/configmaps")
                }
            })
    }
}

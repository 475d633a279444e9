import Foundation
import HTTPTypes
import Hummingbird
import KubernetesModel
import NIOCore
import Testing

@testable import KubernetesClient

@Suite struct WatchTests {
    static func cm(_ name: String, _ rv: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": "ns", "resourceVersion": .string(rv)]]
    }

    static func event(_ type: String, _ object: JSONValue) -> String {
        JSONValue.object(["type": .string(type), "object": object]).serialized()
    }

    /// A chunked watch response; `hold` keeps it open a while after the last event.
    static func stream(_ lines: [String], hold: Duration? = nil) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody { writer in
                for line in lines {
                    // Split each event across two writes to exercise incremental decoding.
                    let half = line.index(line.startIndex, offsetBy: line.count / 2)
                    try await writer.write(ByteBuffer(string: String(line[..<half])))
                    try await writer.write(ByteBuffer(string: String(line[half...]) + "\n"))
                }
                if let hold { try await Task.sleep(for: hold) }
                try await writer.finish(nil)
            })
    }

    actor Lists {
        var count = 0
        func next() -> Int {
            count += 1
            return count
        }
    }

    @Test func resumesFromBookmarksAndRelistsOnGone() async throws {
        let lists = Lists()
        try await TestAPIServer.with(
            handler: { entry, _ in
                if entry.path == "/api/v1" { return .json(DynamicClientTests.coreResources) }
                let query = entry.query
                if !query.contains("watch=true") {
                    let first = await lists.next() == 1
                    let items = first ? [Self.cm("a", "5")] : [Self.cm("a", "5"), Self.cm("b", "11"), Self.cm("c", "19")]
                    return .json([
                        "kind": "ConfigMapList", "apiVersion": "v1",
                        "metadata": ["resourceVersion": first ? "10" : "20"], "items": .array(items),
                    ])
                }
                if query.contains("resourceVersion=10&") {
                    return Self.stream([
                        Self.event("ADDED", Self.cm("b", "11")),
                        Self.event("BOOKMARK", ["kind": "ConfigMap", "apiVersion": "v1", "metadata": ["resourceVersion": "15"]]),
                    ])
                }
                if query.contains("resourceVersion=15&") {
                    return Self.stream([
                        Self.event(
                            "ERROR",
                            Status(message: "too old resource version: 15 (19)", reason: "Expired", code: 410).json)
                    ])
                }
                return Self.stream([Self.event("MODIFIED", Self.cm("c", "21"))], hold: .seconds(2))
            },
            { url, log in
                try await withTestClient(testConfiguration(url)) { client in
                    var updates: [WatchUpdate] = []
                    for try await update in client.watchResuming(DynamicClientTests.configMap, namespace: "ns") {
                        updates.append(update)
                        if updates.count == 4 { break }
                    }
                    #expect(updates[0] == .relisted(items: [Self.cm("a", "5")], resourceVersion: "10"))
                    #expect(updates[1] == .event(WatchEvent(type: .added, object: Self.cm("b", "11"))))
                    guard case .relisted(let items, "20") = updates[2] else {
                        Issue.record("expected a relist at 20, got \(updates[2])")
                        return
                    }
                    #expect(items.compactMap(\.name) == ["a", "b", "c"])
                    #expect(updates[3] == .event(WatchEvent(type: .modified, object: Self.cm("c", "21"))))
                    let watches = await log.entries.filter { $0.query.contains("watch=true") }
                    #expect(watches.count == 3)
                    #expect(
                        watches.allSatisfy {
                            $0.query.contains("allowWatchBookmarks=true") && $0.path == "/api/v1/namespaces/ns/configmaps"
                        })
                    #expect(watches.map { $0.query.contains("resourceVersion=10&") } == [true, false, false])
                    #expect(watches[1].query.contains("resourceVersion=15&"))
                    #expect(watches[2].query.contains("resourceVersion=20&"))
                }
            })
    }

    @Test func singleWatchSurfacesGoneOnOpen() async throws {
        try await TestAPIServer.with(
            handler: { entry, _ in
                if entry.path == "/api/v1" { return .json(DynamicClientTests.coreResources) }
                return .status(Status(message: "too old resource version: 1 (9)", reason: "Expired", code: 410))
            },
            { url, _ in
                try await withTestClient(testConfiguration(url)) { client in
                    let error = await #expect(throws: KubernetesError.self) {
                        _ = try await client.watch(DynamicClientTests.configMap, resourceVersion: "1")
                    }
                    #expect(error?.isGone == true)
                }
            })
    }
}

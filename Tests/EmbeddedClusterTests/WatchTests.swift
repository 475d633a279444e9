import EmbeddedCluster
import Foundation
import KubernetesModel
import Testing

/// Watch semantics over HTTP: resume, 410 Expired, bookmarks, WatchList initial events,
/// timeouts, selectors and DELETED events. Every watch ends by itself (`timeoutSeconds`).
@Suite struct WatchTests {
    static let configMaps = "/api/v1/namespaces/default/configmaps"

    @Test func resumesFromAResourceVersionWithDeletedEvents() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let api = APIRequests(baseURL: cluster.baseURL)
            let first = try await api.createConfigMap("a")
            try await api.createConfigMap("b")
            let (patched, _) = try await api.send(
                "PATCH", "\(Self.configMaps)/a", body: #"{"data":{"k":"v"}}"#, contentType: "application/merge-patch+json")
            #expect(patched == 200)
            let (deleted, _) = try await api.send("DELETE", "\(Self.configMaps)/b")
            #expect(deleted == 200)

            let (status, events) = try await api.watch("\(Self.configMaps)?watch=true&resourceVersion=\(first)&timeoutSeconds=1")
            #expect(status == 200)
            #expect(events.map(\.eventSummary) == ["ADDED b", "MODIFIED a", "DELETED b"])
            let versions = events.compactMap { Int64($0[path: ["object", "metadata", "resourceVersion"]]?.stringValue ?? "") }
            #expect(versions == versions.sorted() && versions.count == 3 && (versions.first ?? 0) > (Int64(first) ?? .max))
            // The DELETED event carries the object's last state under the deletion's version.
            #expect(
                events.last?[path: ["object", "metadata", "resourceVersion"]]?.stringValue
                    == String(await cluster.store.currentResourceVersion()))

            // resourceVersion=0 (or unset) starts with the current state as ADDED events.
            let (_, fromZero) = try await api.watch("\(Self.configMaps)?watch=true&resourceVersion=0&timeoutSeconds=1")
            #expect(fromZero.map(\.eventSummary) == ["ADDED a"])
            // resourceVersion=0 with sendInitialEvents=false: only changes from now on.
            let (_, fromNow) = try await api.watch(
                "\(Self.configMaps)?watch=true&resourceVersion=0&sendInitialEvents=false&timeoutSeconds=1")
            #expect(fromNow.isEmpty)
        }
    }

    @Test func tooOldResourceVersionIsExpired() async throws {
        try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(eventHistorySize: 5)) { cluster in
            let api = APIRequests(baseURL: cluster.baseURL)
            var versions: [String] = []
            for i in 0..<10 { versions.append(try await api.createConfigMap("cm-\(i)")) }
            // History keeps the last 5 events (versions[5...]); the oldest is versions[5],
            // so resuming from versions[4] (oldest-1) works and anything older is 410.
            let oldest = try #require(Int64(versions[5]))
            let (status, events) = try await api.watch("\(Self.configMaps)?watch=true&resourceVersion=2&timeoutSeconds=1")
            // kube-apiserver answers 200 and sends the error as the only event (cacher.go newErrWatcher).
            #expect(status == 200)
            #expect(events.count == 1)
            #expect(
                events.first?.serialized()
                    == #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 2 (\#(oldest - 1))","reason":"Expired","code":410}}"#
            )

            let (_, resumed) = try await api.watch("\(Self.configMaps)?watch=true&resourceVersion=\(oldest - 1)&timeoutSeconds=1")
            #expect(resumed.map(\.eventSummary) == (5..<10).map { "ADDED cm-\($0)" })

            // An unparsable resourceVersion is a direct 400.
            let (bad, badBody) = try await api.send("GET", "\(Self.configMaps)?watch=true&resourceVersion=abc&timeoutSeconds=1")
            #expect(bad == 400)
            #expect(badBody["reason"] == "BadRequest")
        }
    }

    @Test func bookmarksOnlyWhenAllowed() async throws {
        try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(bookmarkInterval: .milliseconds(200))) { cluster in
            let api = APIRequests(baseURL: cluster.baseURL)
            let rv = try await api.createConfigMap("a")
            // 3 s of 200 ms bookmarks: at least one arrives even on a starved machine.
            let (_, with) = try await api.watch(
                "\(Self.configMaps)?watch=true&resourceVersion=\(rv)&allowWatchBookmarks=true&timeoutSeconds=3")
            #expect(with.count >= 1)
            #expect(with.allSatisfy { $0["type"] == "BOOKMARK" })
            #expect(
                with.first?.serialized()
                    == #"{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"\#(rv)"}}}"#)
            let (_, without) = try await api.watch("\(Self.configMaps)?watch=true&resourceVersion=\(rv)&timeoutSeconds=1")
            #expect(without.isEmpty)
        }
    }

    @Test func sendInitialEventsEndsWithAnnotatedBookmark() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let api = APIRequests(baseURL: cluster.baseURL)
            try await api.createConfigMap("b")
            try await api.createConfigMap("a")
            let current = await cluster.store.currentResourceVersion()
            let (status, events) = try await api.watch(
                "\(Self.configMaps)?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1"
            )
            #expect(status == 200)
            #expect(events.map(\.eventSummary) == ["ADDED a", "ADDED b", "BOOKMARK "])
            #expect(
                events.last?.serialized()
                    == #"{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"\#(current)","annotations":{"k8s.io/initial-events-end":"true"}}}}"#
            )
        }
    }

    @Test func timeoutSecondsEndsTheStream() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let api = APIRequests(baseURL: cluster.baseURL)
            let started = ContinuousClock.now
            let (status, events) = try await api.watch("\(Self.configMaps)?watch=true&timeoutSeconds=1")
            let elapsed = ContinuousClock.now - started
            #expect(status == 200)
            #expect(events.isEmpty)
            #expect(elapsed >= .milliseconds(900))
        }
    }

    @Test func selectorsFilterAndTranslateTransitions() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let api = APIRequests(baseURL: cluster.baseURL)
            let start = try await api.createConfigMap("web", labels: ["app": "web"])
            try await api.createConfigMap("db", labels: ["app": "db"])
            // db gains the label: ADDED for a watch on app=web; web loses it: DELETED.
            _ = try await api.send(
                "PATCH", "\(Self.configMaps)/db", body: #"{"metadata":{"labels":{"app":"web"}}}"#,
                contentType: "application/merge-patch+json")
            _ = try await api.send(
                "PATCH", "\(Self.configMaps)/web", body: #"{"metadata":{"labels":{"app":"api"}}}"#,
                contentType: "application/merge-patch+json")
            _ = try await api.send("DELETE", "\(Self.configMaps)/db")

            let (_, labelled) = try await api.watch(
                "\(Self.configMaps)?watch=true&resourceVersion=\(start)&labelSelector=app%3Dweb&timeoutSeconds=1")
            #expect(labelled.map(\.eventSummary) == ["ADDED db", "DELETED web", "DELETED db"])
            let (_, byName) = try await api.watch(
                "\(Self.configMaps)?watch=true&resourceVersion=\(start)&fieldSelector=metadata.name%3Dweb&timeoutSeconds=1")
            #expect(byName.map(\.eventSummary) == ["MODIFIED web"])
            // Cluster-wide watch with a namespace field selector.
            let (_, otherNamespace) = try await api.watch(
                "/api/v1/configmaps?watch=true&resourceVersion=\(start)&fieldSelector=metadata.namespace%3Dkube-system&timeoutSeconds=1")
            #expect(otherNamespace.isEmpty)
        }
    }

    @Test func kubectlWatchesWithSelectorsAndSeesDeletion() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let kubectl = try Kubectl(cluster)
            let api = APIRequests(baseURL: cluster.baseURL)
            try await api.createConfigMap("web", labels: ["app": "web"])
            try await api.createConfigMap("db", labels: ["app": "db"])
            // The watch ends by its request timeout: long enough that a loaded CI machine still
            // creates and deletes below before it ends (5 s was not, once).
            async let watched = kubectl.run(
                ["get", "configmaps", "-l", "app=web", "--watch", "--output-watch-events", "--request-timeout=20s"],
                timeout: .seconds(45))
            async let waited = kubectl.run(["wait", "--for=delete", "configmap/web", "--timeout=20s"], timeout: .seconds(30))
            // Both kubectl processes are watching before anything changes (bounded wait).
            for _ in 0..<200 where await cluster.store.activeWatchCount() < 2 { try await Task.sleep(for: .milliseconds(100)) }
            #expect(await cluster.store.activeWatchCount() == 2)
            try await api.createConfigMap("web-2", labels: ["app": "web"])
            try await api.createConfigMap("db-2", labels: ["app": "db"])
            let deleted = try await kubectl.run(["delete", "configmap", "web"])
            #expect(deleted.exitCode == 0, "\(deleted.standardError)")
            let wait = try await waited
            #expect(wait.exitCode == 0, "\(wait.standardError)")
            #expect(wait.standardOutput == "configmap/web condition met\n")
            let watch = try await watched
            let rows = watch.standardOutput.split(separator: "\n").map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
            #expect(rows == ["EVENT NAME DATA", "ADDED web 0", "ADDED web-2 0", "DELETED web 0"], "\(watch.standardError)")
        }
    }
}

import Foundation
import ImageAutomation
import KubernetesClient
import KubernetesModel
import Registry
import TestSupport
import Testing

/// The scan service against an in-process embedded cluster and real `docker-registry`s.
@Suite(.timeLimit(.minutes(5)), .serialized) struct ImageScanServiceTests {
    /// Pull secrets of the pod template and of the service account (both secret types) give
    /// the credentials of a basic-auth registry; the pod template's win over the account's;
    /// a workload with none is refused.
    @Test func pullSecretsOfPodTemplatesAndServiceAccountsAreUsed() async throws {
        try await withRegistry(auth: .htpasswd(username: "flux", password: "s3cret")) { server async throws in
            let host = server.host
            for repository in ["team/web", "team/worker", "team/cron", "team/migrate", "team/open"] {
                try await push([("1.0.0", "2024-01-01T00:00:00Z")], to: host, repository: repository, credentials: "flux:s3cret")
            }
            try await withCluster { client async throws in
                try await create(
                    client,
                    [
                        namespace("apps"), namespace("plain"),
                        pullSecret("regcred", namespace: "apps", host: host, username: "flux", password: "s3cret"),
                        pullSecret("sacred", namespace: "apps", host: host, username: "flux", password: "s3cret", legacy: true),
                        pullSecret("wrongcred", namespace: "apps", host: host, username: "flux", password: "wrong"),
                        serviceAccount("builder", namespace: "apps", pullSecrets: ["sacred"]),
                        serviceAccount("default", namespace: "apps", pullSecrets: ["wrongcred", "missing"]),
                        workload(
                            "Deployment", "web", namespace: "apps", containers: [Container(name: "main", image: "\(host)/team/web:1.0.0")],
                            annotations: ["fluxcd.io/automated": "true", "flux.weave.works/tag.main": "semver:~1.0"],
                            pullSecrets: ["regcred"]),
                        workload(
                            "StatefulSet", "worker", namespace: "apps",
                            containers: [Container(name: "worker", image: "\(host)/team/worker:1.0.0")], serviceAccount: "builder"),
                        workload(
                            "CronJob", "cron", namespace: "apps",
                            containers: [
                                Container(name: "job", image: "\(host)/team/cron:1.0.0"),
                                Container(name: "migrate", image: "\(host)/team/migrate:1.0.0", isInit: true),
                            ],
                            pullSecrets: ["regcred"]),
                        workload(
                            "DaemonSet", "open", namespace: "plain",
                            containers: [Container(name: "agent", image: "\(host)/team/open:1.0.0")]),
                    ])

                let lister = ClusterWorkloads(client: client, logger: testLogger)
                let workloads = try await lister.list()
                #expect(
                    workloads.map(\.id.description) == [
                        "apps:cronjob/cron", "apps:deployment/web", "apps:statefulset/worker", "plain:daemonset/open",
                    ])
                let byID = Dictionary(uniqueKeysWithValues: workloads.map { ($0.id.description, $0) })
                let good = RegistryCredential(username: "flux", password: "s3cret")
                #expect(byID["apps:deployment/web"]?.keychain.credential(for: host) == good)
                #expect(byID["apps:deployment/web"]?.policies.automated == true)
                #expect(byID["apps:deployment/web"]?.policies.tags["main"]?.value == "semver:~1.0")
                #expect(byID["apps:statefulset/worker"]?.keychain.credential(for: host) == good)
                #expect(byID["apps:statefulset/worker"]?.imagePullSecrets == ["sacred"])
                let cron = try #require(byID["apps:cronjob/cron"])
                #expect(cron.imagePullSecrets == ["wrongcred", "missing", "regcred"])
                #expect(cron.keychain.credential(for: host) == good, "the pod template's secret wins over the account's")
                #expect(cron.problems.contains { $0.contains("apps/missing") && $0.contains("not found") })
                #expect(cron.containers.map(\.name) == ["job", "migrate"])
                #expect(cron.containers.map(\.isInit) == [false, true])
                #expect(byID["plain:daemonset/open"]?.keychain.credential(for: host) == nil)
                #expect(byID["plain:daemonset/open"]?.serviceAccountName == "default")

                let onlyApps = try await ClusterWorkloads(client: client, allowedNamespaces: ["apps"], logger: testLogger).list()
                #expect(onlyApps.allSatisfy { $0.id.namespace == "apps" } && onlyApps.count == 3)

                let settings = scanSettings(insecure: [host])
                try await withService(settings, client: client) { service async throws in
                    let report = await service.scanNow()
                    #expect(report.listError == nil)
                    for repository in ["team/web", "team/worker", "team/cron", "team/migrate"] {
                        let scan = await service.repository("\(host)/\(repository)")
                        #expect(scan?.error == nil, "\(repository): \(String(describing: scan?.error))")
                        #expect(scan?.tags.map(\.tag) == ["1.0.0"], "\(repository)")
                    }
                    #expect(await service.repository("\(host)/team/open")?.error?.code == .unauthorized)
                    // semver needs tags only; the default glob:* orders by time and reads metadata.
                    #expect(await service.repository("\(host)/team/web")?.tags.first?.created == nil)
                    #expect(await service.repository("\(host)/team/worker")?.tags.first?.created != nil)
                    let requests = try await settledRequests(server)
                    #expect(!requests.contains { $0.contains("/v2/team/web/manifests/") })
                    #expect(requests.contains("GET /v2/team/worker/manifests/1.0.0"))
                }
            }
        }
    }

    @Test func excludedImagesAreNotScanned() async throws {
        try await withRegistry { server async throws in
            let host = server.host
            try await push([("1.0", "2024-01-01T00:00:00Z")], to: host, repository: "app")
            try await push([("1.0", "2024-01-01T00:00:00Z")], to: host, repository: "tools/helper")
            try await push([("1.0", "2024-01-01T00:00:00Z")], to: host, repository: "sidecar")
            try await withCluster { client async throws in
                try await create(
                    client,
                    [
                        namespace("apps"),
                        workload(
                            "Deployment", "web", namespace: "apps",
                            containers: [
                                Container(name: "main", image: "\(host)/app:1.0"),
                                Container(name: "helper", image: "\(host)/tools/helper:1.0"),
                                Container(name: "sidecar", image: "\(host)/sidecar:1.0"),
                            ]),
                    ])
                // One glob over the name, one over the whole reference as Flux v1 matched it.
                let settings = scanSettings(insecure: [host], exclude: ["*/tools/*", "*/sidecar:1.0"])
                try await withService(settings, client: client) { service async throws in
                    let report = await service.scanNow()
                    #expect(report.excludedImages == ["\(host)/sidecar:1.0", "\(host)/tools/helper:1.0"])
                    #expect(Set(report.repositories.keys) == ["\(host)/app"])
                    #expect(await service.repository("\(host)/tools/helper") == nil)
                    #expect(await service.repository("\(host)/app:1.0")?.tags.map(\.tag) == ["1.0"])
                    let requests = try await settledRequests(server)
                    #expect(requests.contains("GET /v2/app/tags/list?n=1000"))
                    #expect(!requests.contains { $0.contains("/v2/tools/") || $0.contains("/v2/sidecar/") })
                }
            }
        }
    }

    /// A new service instance reads the persisted cache: its first pass asks the registry
    /// nothing, a forced pass lists tags only, and a new tag costs one tag's metadata.
    /// A repository no workload uses any more is dropped from the cache (file included) once the
    /// retention has passed; one still in use stays.
    @Test func unusedRepositoriesAreForgottenAfterTheRetention() async throws {
        let state = try TemporaryDirectory(prefix: "scan-retention")
        defer { state.remove() }
        try await withRegistry { server async throws in
            let host = server.host
            try await push([("1.0", "2024-01-01T00:00:00Z")], to: host, repository: "old")
            try await push([("2.0", "2024-01-01T00:00:00Z")], to: host, repository: "kept")
            try await withCluster { client async throws in
                try await create(
                    client,
                    [
                        namespace("apps"),
                        workload("Deployment", "old", namespace: "apps", containers: [Container(name: "main", image: "\(host)/old:1.0")]),
                        workload("Deployment", "kept", namespace: "apps", containers: [Container(name: "main", image: "\(host)/kept:2.0")]),
                    ])
                let file = state.path + "/image-cache.json"
                var settings = scanSettings(insecure: [host], cacheFile: file)
                settings.cacheRetention = .zero
                try await withService(settings, client: client) { service async throws in
                    _ = await service.scanNow()
                    func cached() throws -> Set<String> {
                        let data = try Data(contentsOf: URL(fileURLWithPath: file))
                        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                        return Set((json?["repositories"] as? [String: Any])?.keys.map { $0 } ?? [])
                    }
                    #expect(try cached() == ["\(host)/old", "\(host)/kept"])
                    try await client.delete(
                        GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"), namespace: "apps", name: "old")
                    _ = await service.scanNow()
                    #expect(try cached() == ["\(host)/kept"])
                    #expect(await service.repository("\(host)/old") == nil)
                }
            }
        }
    }

    @Test func aRestartFromThePersistedCacheDoesNotRefetchMetadata() async throws {
        let state = try TemporaryDirectory(prefix: "scan-state")
        defer { state.remove() }
        try await withRegistry { server async throws in
            let host = server.host
            try await push(
                [("1.0", "2024-01-01T00:00:00Z"), ("1.1", "2024-02-01T00:00:00Z"), ("1.2", "2024-03-01T00:00:00Z")],
                to: host, repository: "app")
            try await withCluster { client async throws in
                try await create(
                    client,
                    [
                        namespace("apps"),
                        workload("Deployment", "web", namespace: "apps", containers: [Container(name: "main", image: "\(host)/app:1.0")]),
                    ])
                let settings = scanSettings(insecure: [host], cacheFile: state.path + "/image-cache.json")
                let firstCount = try await withService(settings, client: client) { service async throws in
                    let report = await service.scanNow()
                    #expect(report.newTags["\(host)/app"]?.sorted() == ["1.0", "1.1", "1.2"])
                    return try await settledRequests(server).count
                }
                #expect(firstCount > 0)
                #expect(FileManager.default.fileExists(atPath: state.path + "/image-cache.json"))
                let manifestGets = try await settledRequests(server).filter { $0.hasPrefix("GET /v2/app/manifests/") }
                #expect(manifestGets.count == 3)

                try await withService(settings, client: client) { service async throws in
                    let report = await service.scanNow()
                    #expect(try await settledRequests(server).count == firstCount, "nothing was due: no request at all")
                    #expect(report.newTags.isEmpty)
                    #expect(report.scannedRepositories.isEmpty)
                    let scan = try #require(await service.repository("\(host)/app"))
                    #expect(scan.tags.count == 3 && scan.tags.allSatisfy { $0.created != nil && $0.digest != nil })

                    let forced = await service.scanNow(force: true)
                    let afterForce = try await settledRequests(server).dropFirst(firstCount)
                    #expect(Array(afterForce) == ["GET /v2/app/tags/list?n=1000"])
                    #expect(forced.scannedRepositories == ["\(host)/app"])
                    #expect(forced.newTags.isEmpty)

                    try await push([("1.3", "2024-04-01T00:00:00Z")], to: host, repository: "app")
                    let pushed = try await settledRequests(server).count
                    let withNewTag = await service.scanNow(force: true)
                    #expect(withNewTag.newTags == ["\(host)/app": ["1.3"]])
                    let fetched = try await settledRequests(server).dropFirst(pushed)
                    #expect(fetched.filter { $0.contains("/manifests/") } == ["GET /v2/app/manifests/1.3"])
                    #expect(fetched.filter { $0.contains("/blobs/") }.count == 1)
                    let web = try #require(await service.workload(WorkloadID(namespace: "apps", kind: "deployment", name: "web")))
                    let tags = await service.containerTags(of: web)
                    #expect(tags.first?.available.map(\.tag) == ["1.3", "1.2", "1.1", "1.0"])
                    #expect(tags.first?.newest == "1.3")
                }
            }
        }
    }

    /// A registry that is down fails its own repositories; the others are scanned.
    @Test func aDownRegistryFailsOnlyItsRepositories() async throws {
        try await withRegistry { server async throws in
            let host = server.host
            try await push([("1.0", "2024-01-01T00:00:00Z")], to: host, repository: "up")
            let dead = "127.0.0.1:1"  // nothing listens on the privileged tcpmux port; no parallel test can take it
            try await withCluster { client async throws in
                try await create(
                    client,
                    [
                        namespace("apps"),
                        workload(
                            "Deployment", "web", namespace: "apps",
                            containers: [
                                Container(name: "main", image: "\(host)/up:1.0"), Container(name: "gone", image: "\(dead)/gone:1.0"),
                            ]),
                    ])
                try await withService(scanSettings(insecure: [host, dead]), client: client) { service async throws in
                    let report = await service.scanNow()
                    #expect(report.errors.keys.sorted() == ["\(dead)/gone"])
                    #expect(report.errors["\(dead)/gone"]?.code == .unreachable)
                    #expect(await service.repository("\(host)/up")?.error == nil)
                    #expect(await service.repository("\(host)/up")?.tags.first?.created != nil)
                    var notifications = service.newTags.makeAsyncIterator()
                    #expect(await notifications.next() == ["\(host)/up"])
                }
            }
        }
    }

    /// As a `Service`: a pass at start, another on `trigger(force:)`, new tags announced.
    @Test func runsPassesAndAnnouncesNewTags() async throws {
        try await withRegistry { server async throws in
            let host = server.host
            try await push([("1.0", "2024-01-01T00:00:00Z")], to: host, repository: "app")
            try await withCluster { client async throws in
                try await create(
                    client,
                    [
                        namespace("apps"),
                        workload("Deployment", "web", namespace: "apps", containers: [Container(name: "main", image: "\(host)/app:1.0")]),
                    ])
                var settings = scanSettings(insecure: [host])
                settings.scanInterval = .seconds(3600)
                try await withService(settings, client: client) { service async throws in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { try await service.run() }
                        var notifications = service.newTags.makeAsyncIterator()
                        #expect(await notifications.next() == ["\(host)/app"])
                        try await push([("2.0", "2024-05-01T00:00:00Z")], to: host, repository: "app")
                        await service.trigger(force: true)
                        #expect(await notifications.next() == ["\(host)/app"])
                        #expect(await service.lastReport?.newTags == ["\(host)/app": ["2.0"]])
                        group.cancelAll()
                    }
                }
            }
        }
    }
}

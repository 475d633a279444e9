import Foundation
import ImageAutomation
import KubernetesClient
import KubernetesModel
import Registry
import TestSupport
import Testing

/// `scanNow(forcing:)`, what fluxd runs when a registry webhook says a repository got new
/// tags: that repository is read again although it is not due; the others are left alone.
@Suite(.timeLimit(.minutes(5)), .serialized) struct ForcedRescanTests {
    @Test func onlyTheNamedRepositoryIsRescanned() async throws {
        try await withRegistry { server async throws in
            let host = server.host
            try await push([("1.0", "2024-01-01T00:00:00Z")], to: host, repository: "app")
            try await push([("2.0", "2024-01-01T00:00:00Z")], to: host, repository: "other")
            try await withCluster { client async throws in
                try await create(
                    client,
                    [
                        namespace("apps"),
                        workload(
                            "Deployment", "web", namespace: "apps",
                            containers: [
                                Container(name: "main", image: "\(host)/app:1.0"), Container(name: "side", image: "\(host)/other:2.0"),
                            ]),
                    ])
                try await withService(scanSettings(insecure: [host]), client: client) { service async throws in
                    let first = await service.scanNow()
                    #expect(first.scannedRepositories.sorted() == ["\(host)/app", "\(host)/other"])
                    try await push([("1.1", "2024-02-01T00:00:00Z")], to: host, repository: "app")
                    let before = try await settledRequests(server).count
                    let forced = await service.scanNow(forcing: ["\(host)/app"])
                    #expect(forced.scannedRepositories == ["\(host)/app"])
                    #expect(forced.newTags == ["\(host)/app": ["1.1"]])
                    let requests = try await settledRequests(server).dropFirst(before)
                    #expect(requests.allSatisfy { $0.contains("/v2/app/") }, "\(Array(requests))")
                    // Not due, not forced: no request.
                    let quiet = await service.scanNow()
                    #expect(quiet.scannedRepositories.isEmpty)
                }
            }
        }
    }
}

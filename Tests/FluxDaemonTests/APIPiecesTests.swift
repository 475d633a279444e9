import FluxAPI
import Foundation
import ImagePolicy
import KubernetesModel
import Logging
import Testing
import WorkloadUpdates

@testable import FluxDaemon

@Suite struct APITokenTests {
    @Test func comparesWholeTokens() {
        #expect(APIToken.matches("0123456789abcdef", expected: "0123456789abcdef"))
        #expect(!APIToken.matches("0123456789abcdeF", expected: "0123456789abcdef"))
        #expect(!APIToken.matches("0123456789abcde", expected: "0123456789abcdef"))
        #expect(!APIToken.matches("", expected: "0123456789abcdef"))
    }
}

@Suite struct JobQueueTests {
    /// Jobs run one at a time in submission order; failures keep their partial result.
    @Test func runsJobsInOrderAndRecordsOutcomes() async throws {
        let queue = JobQueue(logger: Logger(label: "test"))
        let log = Log()
        let runner = Task { try await queue.run() }
        defer { runner.cancel() }
        let first = await queue.submit(kind: "sync") { progress in
            await progress.report("step one")
            await log.append("first-start")
            try await Task.sleep(for: .milliseconds(50))
            await log.append("first-end")
            return JobResult(revision: "abc")
        }
        let second = await queue.submit(kind: "release") { _ in
            await log.append("second")
            throw JobFailure(message: "push rejected", result: JobResult(revision: "def"))
        }
        var states: [JobState] = []
        for _ in 0..<200 {
            states = [await queue.store.status(first)?.state, await queue.store.status(second)?.state].compactMap { $0 }
            if states.allSatisfy(\.isFinished) && states.count == 2 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(states == [.succeeded, .failed])
        #expect(await log.entries == ["first-start", "first-end", "second"])
        let failed = await queue.store.status(second)
        #expect(failed?.error == "push rejected")
        #expect(failed?.result?.revision == "def")
        #expect(await queue.store.status(first)?.result?.revision == "abc")
        #expect(await queue.store.status("nope") == nil)
    }

    actor Log {
        var entries: [String] = []
        func append(_ entry: String) { entries.append(entry) }
    }
}

@Suite struct ClusterReadTests {
    static let deployment: JSONValue = [
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": [
            "name": "web", "namespace": "shop", "uid": "u", "resourceVersion": "7", "generation": 2,
            "creationTimestamp": "2026-01-01T00:00:00Z", "managedFields": [["manager": "flux"]],
            "labels": ["app": "web", "fluxcd.io/sync-gc-mark": "sha256.x"],
            "annotations": [
                "fluxcd.io/sync-checksum": "c", "fluxcd.io/automated": "true", "flux.weave.works/tag.main": "semver:~1",
                "deployment.kubernetes.io/revision": "2",
            ],
        ],
        "spec": [
            "replicas": 2, "progressDeadlineSeconds": 600, "revisionHistoryLimit": 5,
            "template": [
                "metadata": ["creationTimestamp": .null, "labels": ["app": "web"]],
                "spec": [
                    "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
                    "containers": [
                        [
                            "name": "main", "image": "web:1.0", "imagePullPolicy": "IfNotPresent",
                            "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                            "ports": [["containerPort": 80, "protocol": "TCP"]],
                        ]
                    ],
                    "initContainers": [["name": "init", "image": "tools:latest", "imagePullPolicy": "IfNotPresent"]],
                ],
            ],
        ],
        "status": ["observedGeneration": 2, "updatedReplicas": 2, "readyReplicas": 1],
    ]

    @Test func statusOfAWorkload() {
        let status = LiveWorkloads.status(of: Self.deployment)
        #expect(status.id == "shop:deployment/web")
        #expect(
            status.containers == [
                ContainerStatus(name: "main", image: "web:1.0"), ContainerStatus(name: "init", image: "tools:latest", isInit: true),
            ])
        #expect(status.policies == ["automated": "true", "tag.main": "semver:~1"])
        #expect(status.rollout == RolloutStatus(state: "updating", desired: 2, ready: 1, updated: 2))
        var ready = Self.deployment
        ready["status"] = ["observedGeneration": 2, "updatedReplicas": 2, "readyReplicas": 2]
        #expect(LiveWorkloads.rollout(of: ready).state == "ready")
        var stale = ready
        stale.set(path: ["metadata", "generation"], to: 3)
        #expect(LiveWorkloads.rollout(of: stale).state == "updating")
    }

    @Test func helmReleasesAreWorkloadsWithValuesContainers() {
        let release: JSONValue = [
            "apiVersion": "helm.fluxcd.io/v1", "kind": "HelmRelease",
            "metadata": ["name": "shop", "namespace": "apps", "generation": 2, "annotations": ["fluxcd.io/tag.db": "semver:bad"]],
            "spec": ["values": ["image": "web:1.0", "db": ["image": "postgres", "tag": "16.1"]]],
            "status": ["releaseStatus": "deployed", "observedGeneration": 2],
        ]
        let status = LiveWorkloads.status(of: release)
        #expect(status.id == "apps:helmrelease/shop")
        #expect(
            status.containers == [
                ContainerStatus(name: "chart-image", image: "web:1.0"), ContainerStatus(name: "db", image: "postgres:16.1"),
            ])
        #expect(status.rollout == RolloutStatus(state: "ready", message: "deployed"))
        #expect(status.policyErrors?.first?.contains("apps:helmrelease/shop: fluxcd.io/tag.db: \"semver:bad\"") == true)
    }

    @Test func exportDropsServerStateAndDefaults() {
        let clean = WorkloadExport.clean(Self.deployment)
        #expect(clean["status"] == nil)
        #expect(clean.metadata["uid"] == nil && clean.metadata["managedFields"] == nil && clean.metadata["generation"] == nil)
        #expect(clean.labels == ["app": "web"])
        #expect(clean.annotations == ["fluxcd.io/automated": "true", "flux.weave.works/tag.main": "semver:~1"])
        #expect(clean[path: ["spec", "progressDeadlineSeconds"]] == nil)
        #expect(clean[path: ["spec", "revisionHistoryLimit"]] == 5, "a non-default value stays")
        let pod = clean[path: ["spec", "template", "spec"]]
        #expect(pod?["dnsPolicy"] == nil && pod?["restartPolicy"] == nil)
        #expect(clean[path: ["spec", "template", "metadata", "creationTimestamp"]] == nil)
        let main = pod?["containers"]?.arrayValue?.first
        #expect(main?["imagePullPolicy"] == nil && main?["terminationMessagePath"] == nil)
        #expect(main?["ports"] == [["containerPort": 80]])
        // IfNotPresent is not the default for :latest, so it stays.
        #expect(pod?["initContainers"]?.arrayValue?.first?["imagePullPolicy"] == "IfNotPresent")
    }

    @Test func imagesOrderedByPolicyAndMarkedUnscanned() async {
        struct Catalog: ImageCatalog {
            func tags(for repositories: Set<String>) async -> [String: RepositoryTags] {
                ["docker.io/library/web": RepositoryTags(tags: ["1.0", "1.2", "2.0", "1.10"].map { TagInfo(tag: $0) })]
            }
        }
        let images = await ImageReport.images(of: [Self.deployment], catalog: Catalog())
        let main = images.first?.containers.first
        #expect(main?.repository == "docker.io/library/web")
        #expect(main?.policy == "semver:~1")
        #expect(main?.available.map(\.tag) == ["1.10", "1.2", "1.0"])
        let initContainer = images.first?.containers.last
        #expect(initContainer?.scanned == false && initContainer?.available.isEmpty == true)
    }
}

/// Requests become domain types in one place; bad ones are 400s before any job starts.
@Suite struct WireMappingTests {
    @Test func invalidPolicyRequestsAreBadRequests() {
        for update in [
            PolicyUpdate(workload: "default:deployment/web", add: ["tag.web": "regexp:*"]),
            PolicyUpdate(workload: "default:deployment/web", add: ["tag.web": "semver:invalid"]),
            PolicyUpdate(workload: "default:deployment/web", add: ["tag_all": "glob:[["]),
            PolicyUpdate(workload: "default:deployment/web", add: ["colour": "blue"]),
            PolicyUpdate(workload: "deployment-web", add: ["automated": "true"]),
            PolicyUpdate(workload: "default:deployment/web"),
        ] {
            do {
                _ = try WireMapping.policyChanges(PolicyRequest(updates: [update]))
                Issue.record("\(update) was accepted")
            } catch {
                #expect(error.status == 400, "\(update)")
            }
        }
        do {
            let changes = try WireMapping.policyChanges(
                PolicyRequest(updates: [PolicyUpdate(workload: "default:deployment/web", add: ["tag.web": "foo"], remove: ["locked"])]))
            #expect(changes.first?.workload.description == "default:deployment/web")
            #expect(changes.first?.add == ["tag.web": "foo"])
        } catch {
            Issue.record("a valid request was refused: \(error)")
        }
    }

    @Test func releaseRequestsAreCheckedAndPlansReported() throws {
        #expect(throws: APIFailure.self) { try WireMapping.releaseSpec(ReleaseRequest(workloads: [], all: false, image: "web:1")) }
        #expect(throws: APIFailure.self) { try WireMapping.releaseSpec(ReleaseRequest(workloads: ["bad"], image: "web:1")) }
        let spec = try WireMapping.releaseSpec(
            ReleaseRequest(workloads: ["ns:deployment/web"], image: "web:1", exclude: ["ns:deployment/old"]))
        #expect(spec.targets == .workloads([WorkloadID(namespace: "ns", kind: "deployment", name: "web")]))
        #expect(spec.excluded == [WorkloadID(namespace: "ns", kind: "deployment", name: "old")])
    }
}

import Foundation
import ImagePolicy
import KubernetesModel
import TestSupport
import Testing
import WorkloadUpdates

/// A checkout with two files: a multi-document file (with comments) and a locked workload.
private func checkout() throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory(prefix: "workload-updates")
    try FileManager.default.createDirectory(atPath: directory.path + "/apps/.hidden", withIntermediateDirectories: true)
    let web = """
        # the web tier
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web   # keep this comment
          namespace: shop
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: "localhost:5000/web:1.0"   # quoted on purpose
                - name: sidecar
                  image: localhost:5000/proxy:2.0
              initContainers:
                - name: migrate
                  image: localhost:5000/web:1.0

        """
    let worker = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: worker
          annotations:
            fluxcd.io/locked: "true"
        spec:
          template:
            spec:
              containers:
              - name: worker
                image: localhost:5000/web:0.9

        """
    try web.write(toFile: directory.path + "/apps/web.yaml", atomically: true, encoding: .utf8)
    try worker.write(toFile: directory.path + "/apps/worker.yml", atomically: true, encoding: .utf8)
    // Hidden directories are not part of the sync.
    try web.write(toFile: directory.path + "/apps/.hidden/copy.yaml", atomically: true, encoding: .utf8)
    return directory
}

/// A planned image change, compared in tests.
struct Change: Hashable {
    var workload: String
    var container: String
    var from: String
    var to: String
}

/// A skipped workload, compared in tests.
struct Skip: Hashable {
    var workload: String
    var reason: String
}

extension ReleasePlan {
    var changes: [Change] {
        edits.map { Change(workload: $0.workload.description, container: $0.container, from: $0.from, to: $0.image) }
    }

    var skips: [Skip] { skipped.map { Skip(workload: $0.workload.description, reason: $0.reason) } }
}

private func read(_ directory: TemporaryDirectory, _ file: String) throws -> String {
    try String(contentsOfFile: directory.path + "/" + file, encoding: .utf8)
}

@Suite struct WorkloadIndexTests {
    @Test func findsWorkloadsWithNamespaces() throws {
        let directory = try checkout()
        defer { directory.remove() }
        let index = try WorkloadIndex(root: directory.path, paths: ["apps"], defaultNamespace: "default")
        #expect(index.definitions.map(\.id.description) == ["shop:deployment/web", "default:statefulset/worker"])
        #expect(index.definitions.map(\.file) == ["apps/web.yaml", "apps/worker.yml"])
        #expect(index.definitions[1].isLocked)
    }

    @Test func missingWorkloadAndBadIDsAreClearErrors() throws {
        let directory = try checkout()
        defer { directory.remove() }
        let index = try WorkloadIndex(root: directory.path, paths: [], defaultNamespace: "default")
        #expect(throws: WorkloadIDError.self) { try WorkloadID(validating: "deployment-web") }
        #expect(throws: WorkloadIDError.self) { try WorkloadID(validating: "shop:service/web") }
        do throws(WorkloadUpdateError) {
            _ = try index.definition(of: WorkloadID(namespace: "shop", kind: "deployment", name: "api"))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .workloadNotInGit)
            #expect(error.description.contains("shop:deployment/api is defined in no manifest"))
        }
        #expect(throws: WorkloadUpdateError.self) {
            try WorkloadIndex(root: directory.path, paths: ["nope"], defaultNamespace: "default")
        }
    }
}

@Suite struct PolicyEditorTests {
    @Test func automateChangesOnlyTheAnnotation() async throws {
        let directory = try checkout()
        defer { directory.remove() }
        let before = try read(directory, "apps/web.yaml")
        let index = try WorkloadIndex(root: directory.path, paths: ["apps"], defaultNamespace: "default")
        let changed = try await PolicyEditor.apply(
            [PolicyChange(workload: WorkloadID(parsing: "shop:deployment/web")!, add: ["automated": "true", "tag.web": "semver:~1"])],
            index: index, defaultNamespace: "default")
        #expect(changed.map(\.description) == ["shop:deployment/web"])
        let after = try read(directory, "apps/web.yaml")
        #expect(after.contains("fluxcd.io/automated: 'true'"))
        #expect(after.contains("fluxcd.io/tag.web: semver:~1"))
        // Every original line is still there, in order.
        let kept = before.split(separator: "\n", omittingEmptySubsequences: false)
        let lines = after.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { !$0.contains("fluxcd.io/") && !$0.hasSuffix("annotations:") } == kept)
        // Nothing else changed in the other file.
        #expect(try read(directory, "apps/worker.yml").contains("fluxcd.io/locked: \"true\""))
    }

    @Test func tagAllAndUnlock() async throws {
        let directory = try checkout()
        defer { directory.remove() }
        let index = try WorkloadIndex(root: directory.path, paths: ["apps"], defaultNamespace: "default")
        _ = try await PolicyEditor.apply(
            [
                PolicyChange(workload: WorkloadID(parsing: "shop:deployment/web")!, add: ["tag_all": "1.*"]),
                PolicyChange(
                    workload: WorkloadID(parsing: "default:statefulset/worker")!, remove: ["locked", "locked_user", "locked_msg"]),
            ],
            index: index, defaultNamespace: "default")
        let web = try read(directory, "apps/web.yaml")
        for container in ["web", "sidecar", "migrate"] { #expect(web.contains("fluxcd.io/tag.\(container): 1.*")) }
        #expect(!(try read(directory, "apps/worker.yml")).contains("locked"))
    }

    @Test func unknownPolicyWritesNothing() async throws {
        let directory = try checkout()
        defer { directory.remove() }
        let before = try read(directory, "apps/web.yaml")
        let index = try WorkloadIndex(root: directory.path, paths: ["apps"], defaultNamespace: "default")
        await #expect(throws: WorkloadUpdateError.self) {
            try await PolicyEditor.apply(
                [
                    PolicyChange(workload: WorkloadID(parsing: "shop:deployment/web")!, add: ["automated": "true"]),
                    PolicyChange(workload: WorkloadID(parsing: "shop:deployment/web")!, add: ["colour": "blue"]),
                ],
                index: index, defaultNamespace: "default")
        }
        #expect(try read(directory, "apps/web.yaml") == before)
    }

    @Test func commitMessages() {
        #expect(
            CommitMessages.policy([PolicyChange(workload: WorkloadID(parsing: "a:deployment/b")!, add: ["automated": "true"])])
                == "Automated: a:deployment/b")
        #expect(
            CommitMessages.policy([PolicyChange(workload: WorkloadID(parsing: "a:deployment/b")!, remove: ["automated"])])
                == "Deautomated: a:deployment/b")
        #expect(
            CommitMessages.policy([
                PolicyChange(workload: WorkloadID(parsing: "a:deployment/b")!, add: ["locked": "true", "locked_user": "x"])
            ]) == "Locked: a:deployment/b")
        #expect(
            CommitMessages.policy([PolicyChange(workload: WorkloadID(parsing: "a:deployment/b")!, remove: ["locked", "locked_msg"])])
                == "Unlocked: a:deployment/b")
        #expect(
            CommitMessages.policy([PolicyChange(workload: WorkloadID(parsing: "a:deployment/b")!, add: ["tag.x": "glob:*"])])
                == "Updated policies: a:deployment/b")
    }
}

@Suite struct ReleasePlannerTests {
    @Test func releaseOneImageEverywhereItIsUsed() async throws {
        let directory = try checkout()
        defer { directory.remove() }
        let before = try read(directory, "apps/web.yaml")
        let index = try WorkloadIndex(root: directory.path, paths: ["apps"], defaultNamespace: "default")
        let plan = try ReleasePlanner.plan(ReleaseSpec(workloads: [], all: true, image: "localhost:5000/web:1.1"), index: index)
        #expect(
            plan.changes == [
                Change(workload: "shop:deployment/web", container: "web", from: "localhost:5000/web:1.0", to: "localhost:5000/web:1.1"),
                Change(workload: "shop:deployment/web", container: "migrate", from: "localhost:5000/web:1.0", to: "localhost:5000/web:1.1"),
            ])
        #expect(plan.skips == [Skip(workload: "default:statefulset/worker", reason: "locked")])
        try await ReleasePlanner.apply(plan, index: index)
        let after = try read(directory, "apps/web.yaml")
        let expected =
            before
            .replacingOccurrences(of: "\"localhost:5000/web:1.0\"", with: "\"localhost:5000/web:1.1\"")
            .replacingOccurrences(of: "image: localhost:5000/web:1.0", with: "image: localhost:5000/web:1.1")
        #expect(after == expected)
        #expect(try read(directory, "apps/worker.yml").contains("web:0.9"))
    }

    @Test func forceExcludeAndExplicitWorkloads() throws {
        let directory = try checkout()
        defer { directory.remove() }
        let index = try WorkloadIndex(root: directory.path, paths: ["apps"], defaultNamespace: "default")
        let forced = try ReleasePlanner.plan(
            ReleaseSpec(workloads: ["default:statefulset/worker"], all: false, image: "localhost:5000/web:2.0", force: true), index: index)
        #expect(forced.changes.map(\.to) == ["localhost:5000/web:2.0"])
        let excluded = try ReleasePlanner.plan(
            ReleaseSpec(workloads: [], all: true, image: "localhost:5000/web:2.0", exclude: ["shop:deployment/web"], force: true),
            index: index)
        // --force overrides a lock only for workloads named in the release (Flux v1).
        #expect(excluded.changes.isEmpty)
        #expect(
            excluded.skips == [
                Skip(workload: "default:statefulset/worker", reason: "locked"), Skip(workload: "shop:deployment/web", reason: "excluded"),
            ])
        let unused = try ReleasePlanner.plan(
            ReleaseSpec(workloads: ["shop:deployment/web"], all: false, image: "localhost:5000/other:1"), index: index)
        #expect(unused.changes.isEmpty)
        #expect(unused.skips == [Skip(workload: "shop:deployment/web", reason: "a different image")])
        #expect(throws: WorkloadUpdateError.self) {
            try ReleasePlanner.plan(
                ReleaseSpec(workloads: ["shop:deployment/gone"], all: false, image: "localhost:5000/web:2"), index: index)
        }
        // A named workload git does not define is skipped, the others released (Flux v1).
        let gone = try ReleasePlanner.plan(
            ReleaseSpec(workloads: ["shop:deployment/gone", "shop:deployment/web"], all: false, image: "localhost:5000/web:2"),
            index: index)
        #expect(gone.skips == [Skip(workload: "shop:deployment/gone", reason: "not found in repository")])
        #expect(gone.changes.map(\.workload) == ["shop:deployment/web", "shop:deployment/web"])
        #expect(throws: WorkloadUpdateError.self) {
            try ReleasePlanner.plan(ReleaseSpec(workloads: [], all: true, image: "localhost:5000/web"), index: index)
        }
    }

    @Test func updateAllImagesAsksForTheNewest() throws {
        let directory = try checkout()
        defer { directory.remove() }
        let index = try WorkloadIndex(root: directory.path, paths: ["apps"], defaultNamespace: "default")
        #expect(ReleasePlanner.repositories(in: index) == ["localhost:5000/web", "localhost:5000/proxy"])
        let now = Date()
        // Only the proxy repository was scanned: the web containers stay as they are.
        let tags = ["localhost:5000/proxy": [TagInfo(tag: "2.0", created: now), TagInfo(tag: "2.1", created: now + 60)]]
        #expect(throws: WorkloadUpdateError.self) {
            try ReleasePlanner.plan(ReleaseSpec(workloads: [], all: true, image: nil, updateAllImages: true), index: index)
        }
        let plan = try ReleasePlanner.plan(
            ReleaseSpec(workloads: [], all: true, image: nil, updateAllImages: true), index: index, tags: tags)
        #expect(
            plan.changes == [
                Change(
                    workload: "shop:deployment/web", container: "sidecar", from: "localhost:5000/proxy:2.0", to: "localhost:5000/proxy:2.1")
            ])
        #expect(CommitMessages.autoRelease(plan.edits) == "Auto-release localhost:5000/proxy:2.1")
        #expect(CommitMessages.release(plan.edits) == "Release localhost:5000/proxy:2.1 to shop:deployment/web")
    }
}

/// HelmReleases are workloads: listed, released and automated through their values.
@Suite struct HelmReleaseUpdateTests {
    static let release = """
        apiVersion: helm.fluxcd.io/v1
        kind: HelmRelease
        metadata:
          name: shop
          namespace: apps
          annotations:
            fluxcd.io/automated: "true"
            fluxcd.io/tag.api: semver:~1
        spec:
          chart:
            repository: https://charts.example
            name: shop
            version: 1.0.0
          values:
            image: localhost:5000/web:1.0   # the web tier
            api:
              image:
                repository: localhost:5000/api
                tag: "1.0.0"

        """

    @Test func releaseAndNewestImagesEditTheValues() async throws {
        let directory = try TemporaryDirectory(prefix: "helm-release")
        defer { directory.remove() }
        try Self.release.write(toFile: directory.path + "/shop.yaml", atomically: true, encoding: .utf8)
        let index = try WorkloadIndex(root: directory.path, paths: [], defaultNamespace: "default")
        let definition = try #require(index.definitions.first)
        #expect(definition.id.description == "apps:helmrelease/shop")
        #expect(definition.manifest.containers.map(\.name) == ["chart-image", "api"])
        #expect(definition.isAutomated)

        let release = try ReleasePlanner.plan(
            ReleaseSpec(workloads: ["apps:helmrelease/shop"], all: false, image: "localhost:5000/web:1.1"), index: index)
        #expect(
            release.changes == [
                Change(
                    workload: "apps:helmrelease/shop", container: "chart-image", from: "localhost:5000/web:1.0",
                    to: "localhost:5000/web:1.1")
            ])

        let now = Date()
        let tags = [
            "localhost:5000/api": [TagInfo(tag: "1.0.0"), TagInfo(tag: "1.2.0"), TagInfo(tag: "2.0.0")],
            "localhost:5000/web": [TagInfo(tag: "1.0", created: now), TagInfo(tag: "1.1", created: now + 60)],
        ]
        let automation = try ReleasePlanner.plan(
            ReleaseSpec(targets: .all, images: .newest), index: index, tags: tags, include: { $0.isAutomated })
        #expect(automation.changes.map(\.to) == ["localhost:5000/web:1.1", "localhost:5000/api:1.2.0"])
        try await ReleasePlanner.apply(automation, index: index)
        let text = try String(contentsOfFile: directory.path + "/shop.yaml", encoding: .utf8)
        #expect(
            text
                == Self.release.replacingOccurrences(of: "web:1.0 ", with: "web:1.1 ").replacingOccurrences(
                    of: "tag: \"1.0.0\"", with: "tag: \"1.2.0\""))
    }
}

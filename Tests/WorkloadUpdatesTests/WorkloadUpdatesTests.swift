import FluxAPI
import Foundation
import KubernetesModel
import Testing
import TestSupport
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
        #expect(throws: WorkloadUpdateError.self) { try WorkloadID(validating: "deployment-web") }
        #expect(throws: WorkloadUpdateError.self) { try WorkloadID(validating: "shop:service/web") }
        do {
            _ = try index.definition(of: WorkloadID(validating: "shop:deployment/api"))
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
            [PolicyUpdate(workload: "shop:deployment/web", add: ["automated": "true", "tag.web": "semver:~1"])],
            index: index, defaultNamespace: "default")
        #expect(changed.map(\.description) == ["shop:deployment/web"])
        let after = try read(directory, "apps/web.yaml")
        #expect(after.contains("fluxcd.io/automated: \"true\""))
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
                PolicyUpdate(workload: "shop:deployment/web", add: ["tag_all": "1.*"]),
                PolicyUpdate(workload: "default:statefulset/worker", remove: ["locked", "locked_user", "locked_msg"]),
            ],
            index: index, defaultNamespace: "default")
        let web = try read(directory, "apps/web.yaml")
        for container in ["web", "sidecar", "migrate"] { #expect(web.contains("fluxcd.io/tag.\(container): glob:1.*")) }
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
                    PolicyUpdate(workload: "shop:deployment/web", add: ["automated": "true"]),
                    PolicyUpdate(workload: "shop:deployment/web", add: ["colour": "blue"]),
                ],
                index: index, defaultNamespace: "default")
        }
        #expect(try read(directory, "apps/web.yaml") == before)
    }

    @Test func commitMessages() {
        #expect(CommitMessages.policy([PolicyUpdate(workload: "a:deployment/b", add: ["automated": "true"])]) == "Automated: a:deployment/b")
        #expect(CommitMessages.policy([PolicyUpdate(workload: "a:deployment/b", remove: ["automated"])]) == "Deautomated: a:deployment/b")
        #expect(CommitMessages.policy([PolicyUpdate(workload: "a:deployment/b", add: ["locked": "true", "locked_user": "x"])]) == "Locked: a:deployment/b")
        #expect(CommitMessages.policy([PolicyUpdate(workload: "a:deployment/b", remove: ["locked", "locked_msg"])]) == "Unlocked: a:deployment/b")
        #expect(CommitMessages.policy([PolicyUpdate(workload: "a:deployment/b", add: ["tag.x": "glob:*"])]) == "Updated policies: a:deployment/b")
    }
}

@Suite struct ReleasePlannerTests {
    @Test func releaseOneImageEverywhereItIsUsed() async throws {
        let directory = try checkout()
        defer { directory.remove() }
        let before = try read(directory, "apps/web.yaml")
        let index = try WorkloadIndex(root: directory.path, paths: ["apps"], defaultNamespace: "default")
        let plan = try ReleasePlanner.plan(ReleaseRequest(all: true, image: "localhost:5000/web:1.1"), index: index)
        #expect(
            plan.changes == [
                ImageChange(workload: "shop:deployment/web", container: "web", from: "localhost:5000/web:1.0", to: "localhost:5000/web:1.1"),
                ImageChange(workload: "shop:deployment/web", container: "migrate", from: "localhost:5000/web:1.0", to: "localhost:5000/web:1.1"),
            ])
        #expect(plan.skipped == [SkippedWorkload(workload: "default:statefulset/worker", reason: "locked (use --force to release anyway)")])
        try await ReleasePlanner.apply(plan, index: index)
        let after = try read(directory, "apps/web.yaml")
        let expected = before
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
            ReleaseRequest(workloads: ["default:statefulset/worker"], image: "localhost:5000/web:2.0", force: true), index: index)
        #expect(forced.changes.map(\.to) == ["localhost:5000/web:2.0"])
        let excluded = try ReleasePlanner.plan(
            ReleaseRequest(all: true, image: "localhost:5000/web:2.0", exclude: ["shop:deployment/web"], force: true), index: index)
        #expect(excluded.changes.map(\.workload) == ["default:statefulset/worker"])
        #expect(excluded.skipped.map(\.reason) == ["excluded"])
        let unused = try ReleasePlanner.plan(
            ReleaseRequest(workloads: ["shop:deployment/web"], image: "localhost:5000/other:1"), index: index)
        #expect(unused.changes.isEmpty)
        #expect(unused.skipped == [SkippedWorkload(workload: "shop:deployment/web", reason: "no container uses localhost:5000/other")])
        #expect(throws: WorkloadUpdateError.self) {
            try ReleasePlanner.plan(ReleaseRequest(workloads: ["shop:deployment/gone"], image: "localhost:5000/web:2"), index: index)
        }
        #expect(throws: WorkloadUpdateError.self) {
            try ReleasePlanner.plan(ReleaseRequest(all: true, image: "localhost:5000/web"), index: index)
        }
    }

    @Test func updateAllImagesAsksForTheNewest() throws {
        let directory = try checkout()
        defer { directory.remove() }
        let index = try WorkloadIndex(root: directory.path, paths: ["apps"], defaultNamespace: "default")
        let plan = try ReleasePlanner.plan(
            ReleaseRequest(all: true, updateAllImages: true), index: index,
            newest: { _, container, current in container.name == "sidecar" ? current.withTag("2.1") : nil })
        #expect(plan.changes == [ImageChange(workload: "shop:deployment/web", container: "sidecar", from: "localhost:5000/proxy:2.0", to: "localhost:5000/proxy:2.1")])
        #expect(CommitMessages.autoRelease(plan.changes).hasPrefix("Auto-release localhost:5000/proxy:2.1\n\n- shop:deployment/web (sidecar)"))
        #expect(CommitMessages.release(plan.changes) == "Release localhost:5000/proxy:2.1 to shop:deployment/web")
    }
}

import Foundation
import ImagePolicy
import KubernetesModel
import TestSupport
import Testing
import WorkloadUpdates

/// Flux v1's release tables (`pkg/release/releaser_test.go`: `Test_InitContainer`,
/// `Test_FilterLogic`, `Test_Force_lockedWorkload`, `Test_Force_filteredContainer`,
/// `Test_ImageStatus`, `Test_UpdateMultidoc`, `Test_UpdateList`, `Test_UpdateContainers`), ported
/// against Flux v1's own test repository (`FluxV1TestFiles`) and its mock registry.
///
/// Deliberate exceptions:
/// - Flux v1 released only workloads running in the cluster, and reported the others as
///   "skipped: not accessible in cluster" (its tables' `Else: skippedNotInCluster` for `--all`).
///   SwiftFlux releases what git defines: git is the desired state, and a workload not yet
///   running gets the image it will run. Those cases check the named workloads only.
/// - Flux v1 listed every workload in a result, those not named in the release as "ignored:
///   not included" (shown by `fluxctl -vv`). SwiftFlux lists the workloads the release looked
///   at: the named ones, or with `--all` every one, with Flux v1's statuses and reasons.
/// - A release naming only workloads that no manifest defines was an empty result in Flux v1
///   (each "skipped: not found in repository", which `fluxctl` printed only with `-v`); it is
///   an error naming them here. Named workloads that exist are released as in Flux v1.
/// - Flux v1's container specs could skip mismatches (`SkipMismatches`); SwiftFlux's chosen
///   changes (`fluxctl release --interactive`) always fail on a mismatch, nothing committed.
@Suite struct FluxV1ReleaseTests {
    static let hello = "quay.io/weaveworks/helloworld"
    static let now = Date()
    /// Flux v1's `mockRegistry`, by canonical repository name.
    static let registry: [String: [TagInfo]] = [
        "quay.io/weaveworks/helloworld": [
            TagInfo(tag: "3.0.0", created: now.addingTimeInterval(-60)), TagInfo(tag: "master-a000002", created: now),
        ],
        "docker.io/weaveworks/sidecar": [TagInfo(tag: "master-a000002", created: now)],
        "quay.io/weaveworks/locked-service": [TagInfo(tag: "2", created: now)],
    ]
    /// Flux v1's `upToDateRegistry`.
    static let upToDate: [String: [TagInfo]] = [
        "quay.io/weaveworks/helloworld": [TagInfo(tag: "master-a000001", created: now)],
        "docker.io/weaveworks/sidecar": [TagInfo(tag: "master-a000001", created: now)],
    ]

    enum Outcome: Equatable {
        /// Released: container → new image.
        case success([String: String])
        /// Not released: Flux v1's status (`skipped` or `ignored`) and reason.
        case skipped(String)
        case ignored(String)
    }

    struct Case: Sendable {
        var name: String
        var workloads: [String]
        var all = false
        /// `nil`: `--update-all-images`.
        var image: String?
        var exclude: [String] = []
        var force = false
        var registry = FluxV1ReleaseTests.registry
        var expected: [String: Outcome]
        /// Flux v1's `Else: ignoredNotIncluded`: nothing else is touched or listed.
        var nothingElse: Bool
    }

    static let helloBoth = Outcome.success(["greeter": hello + ":master-a000002", "sidecar": "weaveworks/sidecar:master-a000002"])
    static let lockedSuccess = Outcome.success(["locked-service": "quay.io/weaveworks/locked-service:2"])

    static let cases: [Case] = [
        Case(
            name: "init container", workloads: ["default:daemonset/init"],
            expected: ["default:daemonset/init": .success(["greeter": hello + ":master-a000002"])], nothingElse: true),
        // Test_FilterLogic
        Case(
            name: "include specific service", workloads: ["default:deployment/helloworld"],
            expected: ["default:deployment/helloworld": helloBoth], nothingElse: true),
        Case(
            name: "exclude specific service", workloads: [], all: true, exclude: ["default:deployment/locked-service"],
            expected: ["default:deployment/helloworld": helloBoth, "default:deployment/locked-service": .ignored("excluded")],
            nothingElse: false),
        Case(
            name: "update specific image", workloads: [], all: true, image: hello + ":master-a000002",
            expected: [
                "default:deployment/helloworld": .success(["greeter": hello + ":master-a000002"]),
                "default:deployment/locked-service": .ignored("a different image"),
            ], nothingElse: false),
        Case(
            name: "skipped & service is pending", workloads: [], all: true,
            expected: ["default:deployment/helloworld": helloBoth, "default:deployment/locked-service": .skipped("locked")],
            nothingElse: false),
        Case(
            name: "all overrides spec", workloads: ["default:deployment/helloworld"], all: true,
            expected: ["default:deployment/helloworld": helloBoth, "default:deployment/locked-service": .skipped("locked")],
            nothingElse: false),
        // Flux v1 names only notInRepo; a release naming nothing git defines is an error here
        // (see `namedWorkloadsNoneOfWhichIsInGit`), so helloworld is named too.
        Case(
            name: "service not in repo", workloads: ["default:deployment/notInRepo", "default:deployment/helloworld"],
            expected: ["default:deployment/notInRepo": .skipped("not found in repository"), "default:deployment/helloworld": helloBoth],
            nothingElse: true),
        // Test_Force_lockedWorkload
        Case(
            name: "force ignores service lock (--workload --update-image)", workloads: ["default:deployment/locked-service"],
            image: "quay.io/weaveworks/locked-service:2", force: true, expected: ["default:deployment/locked-service": lockedSuccess],
            nothingElse: true),
        Case(
            name: "force does not ignore lock if updating all workloads (--all --update-image)", workloads: [], all: true,
            image: "quay.io/weaveworks/locked-service:2", force: true,
            expected: ["default:deployment/locked-service": .skipped("locked")], nothingElse: false),
        Case(
            name: "force ignores service lock (--workload --update-all-images)", workloads: ["default:deployment/locked-service"],
            force: true, expected: ["default:deployment/locked-service": lockedSuccess], nothingElse: true),
        Case(
            name: "force does not ignore lock if updating all workloads (--all --update-all-images)", workloads: [], all: true,
            force: true, expected: ["default:deployment/locked-service": .skipped("locked")], nothingElse: false),
        // Test_Force_filteredContainer (semver-deploy.yaml: tag.greeter semver:*)
        Case(
            name: "force ignores container tag pattern (--workload --update-image)", workloads: ["default:deployment/semver"],
            image: hello + ":master-a000002", force: true,
            expected: ["default:deployment/semver": .success(["greeter": hello + ":master-a000002"])], nothingElse: true),
        Case(
            name: "force ignores container tag pattern (--all --update-image)", workloads: [], all: true,
            image: hello + ":master-a000002", force: true,
            expected: ["default:deployment/semver": .success(["greeter": hello + ":master-a000002"])], nothingElse: false),
        Case(
            name: "force complies with semver when updating all images (--workload --update-all-image)",
            workloads: ["default:deployment/semver"], force: true,
            expected: ["default:deployment/semver": .success(["greeter": hello + ":3.0.0"])], nothingElse: true),
        Case(
            name: "force complies with semver when updating all images (--all --update-all-image)", workloads: [], all: true,
            force: true, expected: ["default:deployment/semver": .success(["greeter": hello + ":3.0.0"])], nothingElse: false),
        // The other side of "force ignores container tag pattern": without --force the pattern holds
        // (Flux v1 reported the workload skipped, "cannot find one or more images").
        Case(
            name: "tag pattern holds without force (--workload --update-image)", workloads: ["default:deployment/semver"],
            image: hello + ":master-a000002",
            expected: [
                "default:deployment/semver": .skipped(
                    "container greeter: tag master-a000002 is not allowed by its policy semver:* (use --force to release anyway)")
            ], nothingElse: true),
        // The other side of "force ignores service lock", and SpecificImageFilter for a named
        // workload (Flux v1's statuses: skipped "locked", ignored "a different image").
        Case(
            name: "lock holds without force (--workload --update-image)", workloads: ["default:deployment/locked-service"],
            image: "quay.io/weaveworks/locked-service:2", expected: ["default:deployment/locked-service": .skipped("locked")],
            nothingElse: true),
        Case(
            name: "named workload without the image", workloads: ["default:deployment/helloworld"],
            image: "quay.io/weaveworks/locked-service:2", expected: ["default:deployment/helloworld": .ignored("a different image")],
            nothingElse: true),
        // Test_ImageStatus
        Case(
            name: "image not found", workloads: ["default:deployment/test-service"], registry: upToDate,
            expected: ["default:deployment/test-service": .ignored("does not use image(s)")], nothingElse: true),
        Case(
            name: "image up to date", workloads: ["default:deployment/helloworld"], registry: upToDate,
            expected: ["default:deployment/helloworld": .skipped("image(s) up to date")], nothingElse: true),
    ]

    @Test(arguments: cases.map(\.name))
    func releaseMatchesFluxV1(_ name: String) throws {
        let testCase = try #require(Self.cases.first { $0.name == name })
        let directory = try TemporaryDirectory(prefix: "flux-v1-release")
        defer { directory.remove() }
        try FluxV1TestFiles.write(to: directory.path)
        let index = try WorkloadIndex(root: directory.path, paths: [], defaultNamespace: "default")
        let spec = try ReleaseSpec(
            workloads: testCase.workloads, all: testCase.all, image: testCase.image, updateAllImages: testCase.image == nil,
            exclude: testCase.exclude, force: testCase.force)
        let plan = try ReleasePlanner.plan(spec, index: index, tags: testCase.registry)
        var outcomes: [String: Outcome] = [:]
        for edit in plan.edits {
            guard case .success(var containers) = outcomes[edit.workload.description] ?? .success([:]) else { continue }
            containers[edit.container] = edit.image
            outcomes[edit.workload.description] = .success(containers)
        }
        for skip in plan.skipped where outcomes[skip.workload.description] == nil {
            outcomes[skip.workload.description] = skip.status == .ignored ? .ignored(skip.reason) : .skipped(skip.reason)
        }
        for (workload, expected) in testCase.expected {
            #expect(outcomes[workload] == expected, "\(name): \(workload)")
        }
        if testCase.nothingElse {
            #expect(Set(outcomes.keys) == Set(testCase.expected.keys), "\(name): nothing else is released or listed")
        }
    }

    @Test func namedWorkloadsNoneOfWhichIsInGit() throws {
        let directory = try TemporaryDirectory(prefix: "flux-v1-release")
        defer { directory.remove() }
        try FluxV1TestFiles.write(to: directory.path)
        let index = try WorkloadIndex(root: directory.path, paths: [], defaultNamespace: "default")
        do throws(WorkloadUpdateError) {
            _ = try ReleasePlanner.plan(
                ReleaseSpec(workloads: ["default:deployment/notInRepo"], all: false, image: nil, updateAllImages: true), index: index,
                tags: Self.registry)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .workloadNotInGit)
            #expect(error.description.contains("default:deployment/notInRepo"))
        }
    }

    /// Test_UpdateMultidoc and Test_UpdateList: the image changes in place, every other byte kept.
    @Test(arguments: [("default:deployment/multi-deploy", "multi.yaml"), ("default:deployment/list-deploy", "list.yaml")])
    func releaseIntoMultidocAndList(_ workload: String, _ file: String) async throws {
        let directory = try TemporaryDirectory(prefix: "flux-v1-release")
        defer { directory.remove() }
        try FluxV1TestFiles.write(to: directory.path)
        let index = try WorkloadIndex(root: directory.path, paths: [], defaultNamespace: "default")
        let plan = try ReleasePlanner.plan(
            ReleaseSpec(workloads: [workload], all: false, image: nil, updateAllImages: true), index: index, tags: Self.registry)
        #expect(
            plan.edits.map { "\($0.workload) \($0.container) \($0.from) -> \($0.image)" } == [
                "\(workload) hello \(Self.hello):master-a000001 -> \(Self.hello):master-a000002"
            ])
        try await ReleasePlanner.apply(plan, index: index)
        let before = try #require(FluxV1TestFiles.files[file])
        let after = try String(contentsOfFile: directory.path + "/" + file, encoding: .utf8)
        #expect(after == before.replacingOccurrences(of: "master-a000001", with: "master-a000002"))
    }

    /// Test_UpdateContainers, as chosen changes (`fluxctl release --interactive`).
    @Test func chosenContainerChanges() throws {
        let directory = try TemporaryDirectory(prefix: "flux-v1-release")
        defer { directory.remove() }
        try FluxV1TestFiles.write(to: directory.path)
        let index = try WorkloadIndex(root: directory.path, paths: [], defaultNamespace: "default")
        let hw = try #require(WorkloadID(parsing: "default:deployment/helloworld"))
        let locked = try #require(WorkloadID(parsing: "default:deployment/locked-service"))
        let old = Self.hello + ":master-a000001"
        let new = Self.hello + ":master-a000002"
        func plan(_ id: WorkloadID, _ chosen: [ChosenChange], force: Bool = false) throws(WorkloadUpdateError) -> ReleasePlan {
            try ReleasePlanner.plan(
                ReleaseSpec(
                    workloads: [id.description], all: false, image: nil, updateAllImages: true, force: force,
                    chosen: Set(chosen)), index: index, tags: Self.registry)
        }
        // multiple containers
        let both = try plan(
            hw,
            [
                ChosenChange(workload: hw, container: "greeter", from: old, to: new),
                ChosenChange(
                    workload: hw, container: "sidecar", from: "weaveworks/sidecar:master-a000001", to: "weaveworks/sidecar:master-a000002"),
            ])
        #expect(both.edits.map(\.image) == [new, "weaveworks/sidecar:master-a000002"])
        // container tag mismatch; container not found; no changes; locked workload
        for (id, chosen) in [
            (hw, ChosenChange(workload: hw, container: "greeter", from: new, to: old)),
            (hw, ChosenChange(workload: hw, container: "foo", from: old, to: new)),
            (hw, ChosenChange(workload: hw, container: "greeter", from: old, to: old)),
            (
                locked,
                ChosenChange(
                    workload: locked, container: "locked-service", from: "quay.io/weaveworks/locked-service:1",
                    to: "quay.io/weaveworks/locked-service:2")
            ),
        ] {
            #expect(throws: WorkloadUpdateError.self, "\(chosen)") { try plan(id, [chosen]) }
        }
        // locked workload with --force
        let forced = try plan(
            locked,
            [
                ChosenChange(
                    workload: locked, container: "locked-service", from: "quay.io/weaveworks/locked-service:1",
                    to: "quay.io/weaveworks/locked-service:2")
            ], force: true)
        #expect(forced.edits.map(\.image) == ["quay.io/weaveworks/locked-service:2"])
    }
}

/// Flux v1's image spec table (`pkg/update/spec_test.go`, `TestParseImageSpec`). Its
/// `<all latest>` spec is `--update-all-images` (`updateAllImages`) here.
@Suite struct FluxV1ImageSpecTests {
    @Test(arguments: [
        ("valid/image:tag", true), ("image:tag", true), (":tag", false), ("image:", false), ("image", false), ("<invalid spec>", false),
    ])
    func parseImageSpec(_ image: String, _ valid: Bool) throws {
        do throws(WorkloadUpdateError) {
            let spec = try ReleaseSpec(workloads: [], all: true, image: image)
            #expect(valid, "\(image) should be refused")
            guard case .image(let reference) = spec.images else { throw WorkloadUpdateError(.invalidRequest, "not an image") }
            #expect(reference.description == image)
        } catch {
            #expect(!valid, "\(image): \(error)")
            #expect(error.code == .invalidRequest)
        }
        #expect(try ReleaseSpec(workloads: [], all: true, image: nil, updateAllImages: true).images == .newest)
    }
}

/// Flux v1's automated commit messages (`pkg/update/automated_test.go`: `TestCommitMessage`,
/// `TestCommitMessage10Max`), byte for byte.
@Suite struct FluxV1CommitMessageTests {
    static func edits(_ count: Int) throws -> [PlannedEdit] {
        let directory = try TemporaryDirectory(prefix: "flux-v1-commit")
        defer { directory.remove() }
        try FluxV1TestFiles.write(to: directory.path)
        let index = try WorkloadIndex(root: directory.path, paths: [], defaultNamespace: "default")
        let plan = try ReleasePlanner.plan(
            ReleaseSpec(workloads: ["default:deployment/helloworld"], all: false, image: "weaveworks/sidecar:x"), index: index)
        let edit = try #require(plan.edits.first)
        return (1...count).map { number in
            var copy = edit
            copy.image = "docker.io/image:v\(number)"
            return copy
        }
    }

    @Test func commitMessage() throws {
        #expect(
            CommitMessages.autoRelease(try Self.edits(3))
                == "Auto-release multiple (3) images\n\n - docker.io/image:v1\n - docker.io/image:v2\n - docker.io/image:v3\n")
    }

    @Test func commitMessageListsAtMostTen() throws {
        let expected = """
            Auto-release multiple (11) images

             - docker.io/image:v1
             - docker.io/image:v10
             - docker.io/image:v11
             - docker.io/image:v2
             - docker.io/image:v3
             - docker.io/image:v4
             - docker.io/image:v5
             - docker.io/image:v6
             - docker.io/image:v7
             - docker.io/image:v8
             ...

            """
        #expect(CommitMessages.autoRelease(try Self.edits(11)) == expected)
    }

    @Test func oneImageIsNamedInTheSubject() throws {
        let edits = try Self.edits(1)
        #expect(CommitMessages.autoRelease(edits + edits) == "Auto-release docker.io/image:v1")
    }
}

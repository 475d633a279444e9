import Foundation
import Testing

@testable import ImagePolicy

/// Flux v1's tag ordering and filtering tables, ported: `pkg/image/image_test.go`
/// (`TestImage_OrderByCreationDate`, `TestImage_OrderBySemverTagDesc`), `pkg/update/images_test.go`
/// (`TestImageInfos_Filter_latest`, `TestImageInfos_Filter_semver`) and `pkg/policy/policy_test.go`
/// (`Test_GetTagPattern`).
///
/// Flux v1 sorted a repository's images after filtering them by the container's pattern
/// (`update.FilterAndSortRepositoryMetadata`), so tags a pattern rejects are never ordered;
/// `TagPolicy.ordered` does both steps. Image labels played no part in Flux v1's order (its
/// table checks they are ignored); `TagInfo` holds only the creation time it used.
@Suite struct FluxV1TagOrderTests {
    static let time = Date(timeIntervalSince1970: 1_484_324_578)  // 2017-01-13T16:22:58Z, Flux v1's constTime

    @Test func orderByCreationDate() throws {
        let images = [
            TagInfo(tag: "2", created: Self.time),
            TagInfo(tag: "0", created: Self.time.addingTimeInterval(1)),
            TagInfo(tag: "3", created: Self.time.addingTimeInterval(-1)),
            TagInfo(tag: "4"),  // no time
            TagInfo(tag: "1", created: Self.time),  // equal time: by tag
            TagInfo(tag: "5"),  // no time, equal
        ]
        let expected = ["0", "1", "2", "3", "4", "5"]
        #expect(TagPolicy.all.ordered(images).map(\.tag) == expected)
        // Stable whatever the input order.
        #expect(TagPolicy.all.ordered(images.reversed()).map(\.tag) == expected)
        #expect(try TagPolicy(parsing: "regexp:.*").ordered(images).map(\.tag) == expected)
    }

    @Test func orderBySemverTagDescending() throws {
        let images = ["3", "v1", "1.10", "1.2.30", "1.10.0", "bbb-not-semver", "aaa-not-semver"].map { TagInfo(tag: $0) }
        // Flux v1: [3, 1.10.0, 1.10, 1.2.30, v1, aaa-not-semver, bbb-not-semver]; a semver
        // pattern filters the two non-versions out before ordering, in Flux v1 as here.
        let expected = ["3", "1.10.0", "1.10", "1.2.30", "v1"]
        let policy = try TagPolicy(parsing: "semver:*")
        #expect(policy.ordered(images).map(\.tag) == expected)
        #expect(policy.ordered(images.reversed()).map(\.tag) == expected)
    }

    @Test func latestIsOnlyACandidateWhenAskedFor() throws {
        let images = [TagInfo(tag: "latest", created: Self.time), TagInfo(tag: "v0", created: Self.time.addingTimeInterval(-60))]
        #expect(try TagPolicy(parsing: "glob:latest").ordered(images).map(\.tag) == ["latest"])
        #expect(try TagPolicy(parsing: "latest").ordered(images).map(\.tag) == ["latest"])
        #expect(TagPolicy.all.ordered(images).map(\.tag) == ["v0"])
        #expect(try TagPolicy(parsing: "*").ordered(images).map(\.tag) == ["v0"])
        // The newest image is `latest`, but automation moves to `v0`, not to the moving tag.
        #expect(TagPolicy.all.newestAllowed(tags: images, current: "v-old") == "v0")
        #expect(try TagPolicy(parsing: "regexp:^l").newestAllowed(tags: images, current: nil) == nil)
        #expect(TagPolicy.all.matches("latest"), "the pattern itself matches; only candidates leave it out")
    }

    @Test func semverFilter() throws {
        let images = [TagInfo(tag: "latest"), TagInfo(tag: "v0.0.1"), TagInfo(tag: "1.0.0")]
        #expect(try TagPolicy(parsing: "semver:*").ordered(images).map(\.tag) == ["1.0.0", "v0.0.1"])
        #expect(try TagPolicy(parsing: "semver:~1").ordered(images).map(\.tag) == ["1.0.0"])
    }

    /// `Test_GetTagPattern`: no policies, no matching policy, and a `tag.<container>` policy.
    @Test func tagPatternOfAContainer() throws {
        #expect(try WorkloadPolicies().tagPolicy(for: "helloContainer").get() == .all)
        #expect(try WorkloadPolicies(tagPatterns: ["other": "semver:*"]).tagPolicy(for: "helloContainer").get() == .all)
        let policies = WorkloadPolicies(tagPatterns: ["helloContainer": "glob:master-*"])
        #expect(try policies.tagPolicy(for: "helloContainer").get() == TagPolicy(parsing: "master-*"))
    }
}

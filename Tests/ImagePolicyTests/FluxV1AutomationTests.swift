import Foundation
import ImagePolicy
import Testing

/// Flux v1's automation table (`pkg/daemon/images_test.go`: `TestCalculateChanges_Automated`,
/// `TestCalculateChanges_UntaggedImage`, `TestCalculateChanges_ZeroTimestamp`), ported to
/// `TagChoice` as image automation uses it. Flux v1's `calculateChanges` left a container
/// alone when ordering by time and the current or the newest image had no creation time.
@Suite struct FluxV1AutomationTests {
    static let now = Date()

    static func choose(_ container: String, current: String, _ tags: [TagInfo], pattern: String? = nil) -> String? {
        let policies = WorkloadPolicies(tagPatterns: pattern.map { [container: $0] } ?? [:])
        return TagChoice(container: container, currentTag: current, policies: policies, tags: tags, automation: true).newest
    }

    /// TestCalculateChanges_Automated: the newer image is released.
    @Test func automated() {
        let tags = [TagInfo(tag: "current", created: Self.now), TagInfo(tag: "new", created: Self.now.addingTimeInterval(1))]
        #expect(Self.choose("container1", current: "current", tags) == "new")
    }

    /// TestCalculateChanges_UntaggedImage: a repository scan has only tags, so an untagged
    /// image is never a candidate; the tagged newer one of container1 is still released.
    @Test func untaggedImage() {
        let tags = [TagInfo(tag: "current", created: Self.now), TagInfo(tag: "new", created: Self.now.addingTimeInterval(1))]
        #expect(Self.choose("container1", current: "current", tags) == "new")
        #expect(Self.choose("container2", current: "current", [TagInfo(tag: "current", created: Self.now)]) == nil)
    }

    /// TestCalculateChanges_ZeroTimestamp: container1 moves; container2, whose current image
    /// has no creation time, stays (nothing says `new` is newer); container3 (semver, which
    /// needs no times) moves even though its new image has none.
    @Test func zeroTimestamp() {
        #expect(
            Self.choose(
                "container1", current: "current",
                [TagInfo(tag: "current", created: Self.now), TagInfo(tag: "new", created: Self.now.addingTimeInterval(1))]) == "new")
        #expect(
            Self.choose(
                "container2", current: "current",
                [TagInfo(tag: "current", created: nil), TagInfo(tag: "new", created: Self.now.addingTimeInterval(1))]) == nil)
        #expect(
            Self.choose(
                "container3", current: "1.0.0", [TagInfo(tag: "1.0.0", created: Self.now), TagInfo(tag: "1.1.0", created: nil)],
                pattern: "semver:^1.0") == "1.1.0")
    }

    /// The same without the automation rule: a release (`--update-all-images`) takes the newest
    /// timed tag, as Flux v1's release did (`calculateImageUpdates` checks no current time).
    @Test func releasesDoNotNeedTheCurrentTime() {
        let tags = [TagInfo(tag: "current", created: nil), TagInfo(tag: "new", created: Self.now)]
        #expect(TagChoice(container: "c", currentTag: "current", policies: WorkloadPolicies(), tags: tags).newest == "new")
        #expect(Self.choose("c", current: "gone-from-the-registry", [TagInfo(tag: "new", created: Self.now)]) == nil)
    }
}

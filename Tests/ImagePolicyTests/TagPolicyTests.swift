import Foundation
import Testing

@testable import ImagePolicy

@Suite struct TagPolicyParsingTests {
    @Test func prefixes() throws {
        #expect(try TagPolicy(parsing: "glob:1.*") == .glob("1.*"))
        #expect(try TagPolicy(parsing: "master-*") == .glob("master-*"))
        #expect(try TagPolicy(parsing: "*") == TagPolicy.all)
        #expect(try TagPolicy(parsing: "semver:~1.2").description == "semver:~1.2")
        #expect(try TagPolicy(parsing: "regex:^v[0-9]+$").description == "regexp:^v[0-9]+$")
        #expect(try TagPolicy(parsing: "regexp:^v[0-9]+$") == TagPolicy(parsing: "regex:^v[0-9]+$"))
    }

    @Test func invalidPoliciesKeepTheReason() {
        #expect {
            try TagPolicy(parsing: "semver:>=banana")
        } throws: { error in
            guard let error = error as? TagPolicyError else { return false }
            return error.policy == "semver:>=banana" && error.reason.contains("banana")
        }
        #expect(throws: TagPolicyError.self) { try TagPolicy(parsing: "regex:(unclosed") }
    }

    @Test func globMatching() throws {
        let cases: [(String, String, Bool)] = [
            ("*", "anything", true), ("*", "", true), ("master-*", "master-abc", true), ("master-*", "main-abc", false),
            ("*-prod", "x-prod", true), ("*-prod", "x-prod2", false), ("a*b*c", "aXXbYYc", true), ("a*b*c", "acb", false),
            ("exact", "exact", true), ("exact", "exact2", false), ("a*a", "a", false), ("a*a", "aa", true),
        ]
        for (pattern, tag, expected) in cases {
            #expect(try TagPolicy(parsing: "glob:" + pattern).matches(tag) == expected, "\(pattern) vs \(tag)")
        }
    }

    @Test func regexIsUnanchoredLikeFluxV1() throws {
        let policy = try TagPolicy(parsing: "regex:v[0-9]+")
        #expect(policy.matches("v12"))
        #expect(policy.matches("prefix-v1-suffix"))
        #expect(!policy.matches("latest"))
        let anchored = try TagPolicy(parsing: "regexp:^v[0-9]+$")
        #expect(!anchored.matches("prefix-v1"))
        #expect(anchored.matches("v1"))
    }

    @Test func semverNeedsNoTimestamps() throws {
        #expect(try !TagPolicy(parsing: "semver:^1").requiresTimestamps)
        #expect(try TagPolicy(parsing: "glob:*").requiresTimestamps)
        #expect(try TagPolicy(parsing: "regex:.").requiresTimestamps)
    }
}

@Suite struct TagSelectionTests {
    let base = Date(timeIntervalSince1970: 1_700_000_000)
    func at(_ minutes: Double) -> Date { base.addingTimeInterval(minutes * 60) }

    @Test func semverOrdersByVersionNotTime() throws {
        let tags = [
            TagInfo(tag: "1.2.0", created: at(50)), TagInfo(tag: "1.10.0", created: at(1)), TagInfo(tag: "v1.9.0"),
            TagInfo(tag: "2.0.0", created: at(99)), TagInfo(tag: "latest", created: at(100)), TagInfo(tag: "1.11.0-rc.1"),
        ]
        let policy = try TagPolicy(parsing: "semver:^1")
        #expect(policy.ordered(tags).map(\.tag) == ["1.10.0", "v1.9.0", "1.2.0"])
        #expect(policy.newestAllowed(tags: tags, current: "1.2.0") == "1.10.0")
        #expect(policy.newestAllowed(tags: tags, current: "1.10.0") == nil)
        #expect(try TagPolicy(parsing: "semver:>=1.11.0-rc.0").newestAllowed(tags: tags, current: nil) == "2.0.0")
        #expect(try TagPolicy(parsing: "semver:~1.11.0-rc.0").newestAllowed(tags: tags, current: nil) == "1.11.0-rc.1")
    }

    @Test func semverEqualVersionsPreferTheExplicitTag() throws {
        let tags = [TagInfo(tag: "1.10"), TagInfo(tag: "1.10.0")]
        #expect(try TagPolicy(parsing: "semver:*").ordered(tags).map(\.tag) == ["1.10.0", "1.10"])
        #expect(try TagPolicy(parsing: "semver:*").ordered(tags.reversed()).map(\.tag) == ["1.10.0", "1.10"])
    }

    @Test func globOrdersByCreationTime() throws {
        let tags = [
            TagInfo(tag: "master-a", created: at(1)), TagInfo(tag: "master-c", created: at(3)),
            TagInfo(tag: "master-b", created: at(2)), TagInfo(tag: "release-z", created: at(9)),
        ]
        let policy = try TagPolicy(parsing: "glob:master-*")
        #expect(policy.ordered(tags).map(\.tag) == ["master-c", "master-b", "master-a"])
        #expect(policy.newestAllowed(tags: tags, current: "master-a") == "master-c")
        #expect(policy.newestAllowed(tags: tags, current: "master-c") == nil)
        #expect(TagPolicy.all.newestAllowed(tags: tags, current: "master-c") == "release-z")
    }

    @Test func tagsWithoutTimeNeverWin() throws {
        let tags = [TagInfo(tag: "zzz"), TagInfo(tag: "aaa", created: at(1)), TagInfo(tag: "bbb")]
        #expect(TagPolicy.all.ordered(tags).map(\.tag) == ["aaa", "bbb", "zzz"])
        #expect(TagPolicy.all.newestAllowed(tags: tags, current: "x") == "aaa")
        #expect(TagPolicy.all.newestAllowed(tags: [TagInfo(tag: "only")], current: "x") == nil)
    }

    @Test func equalTimesBreakTiesByName() throws {
        let tags = [TagInfo(tag: "b", created: at(5)), TagInfo(tag: "a", created: at(5)), TagInfo(tag: "c", created: at(5))]
        #expect(TagPolicy.all.ordered(tags).map(\.tag) == ["a", "b", "c"])
        #expect(TagPolicy.all.ordered(tags.reversed()).map(\.tag) == ["a", "b", "c"])
    }

    @Test func regexOrdersByTime() throws {
        let tags = [TagInfo(tag: "v1", created: at(3)), TagInfo(tag: "v2", created: at(2)), TagInfo(tag: "x9", created: at(10))]
        let policy = try TagPolicy(parsing: "regex:^v")
        #expect(policy.newestAllowed(tags: tags, current: "v2") == "v1")
    }

    @Test func nothingMatches() throws {
        #expect(try TagPolicy(parsing: "glob:nope-*").newestAllowed(tags: [TagInfo(tag: "a", created: at(1))], current: "a") == nil)
        #expect(try TagPolicy(parsing: "semver:^9").newestAllowed(tags: [TagInfo(tag: "1.0.0")], current: nil) == nil)
        #expect(TagPolicy.all.newestAllowed(tags: [], current: nil) == nil)
    }
}

@Suite struct TagChoiceTests {
    @Test func oneDecisionForEveryConsumer() {
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        let tags = [
            TagInfo(tag: "1.0.0", created: base), TagInfo(tag: "1.2.0", created: base.addingTimeInterval(60)),
            TagInfo(tag: "2.0.0", created: base.addingTimeInterval(30)),
        ]
        let semver = TagChoice(
            container: "web", currentTag: "1.0.0", policies: WorkloadPolicies(tagPatterns: ["web": "semver:~1"]), tags: tags)
        #expect(semver.available.map(\.tag) == ["1.2.0", "1.0.0"])
        #expect(semver.newest == "1.2.0")
        #expect(semver.policyText == "semver:~1")
        let glob = TagChoice(container: "web", currentTag: "1.2.0", policies: WorkloadPolicies(), tags: tags)
        #expect(glob.newest == nil, "the newest by time is what runs")
        let broken = TagChoice(
            container: "web", currentTag: "1.0.0", policies: WorkloadPolicies(tagPatterns: ["web": "semver:invalid"]), tags: tags)
        #expect(broken.available.isEmpty && broken.newest == nil)
        #expect(broken.policyText == "semver:invalid")
    }

    @Test func globsThatCanMatchNoTagAreRefused() {
        for pattern in ["glob:[[", "glob:1.?", "glob:", "a b", "glob:é*"] {
            #expect(throws: TagPolicyError.self, "\(pattern)") { try TagPolicy(parsing: pattern) }
        }
    }
}

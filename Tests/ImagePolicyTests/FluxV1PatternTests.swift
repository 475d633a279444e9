import Testing

@testable import ImagePolicy

/// Flux v1's pattern tables (`pkg/policy/pattern_test.go`: `TestGlobPattern_Matches`,
/// `TestSemverPattern_Matches`, `TestRegexpPattern_Matches`), ported case by case.
@Suite struct FluxV1PatternTests {
    static let cases: [(pattern: String, matching: [String], notMatching: [String])] = [
        ("*", ["", "1", "foo"], []),
        ("glob:*", ["", "1", "foo"], []),
        ("master-*", ["master-", "master-foo"], ["", "foo-master"]),
        ("semver:*", ["1", "1.0", "v1.0.3"], ["", "latest", "2.0.1-alpha.1"]),
        ("semver:~1", ["v1", "1", "1.2", "1.2.3"], ["", "latest", "2.0.0"]),
        ("semver:2.0.1-alpha.1", ["2.0.1-alpha.1"], ["2.0.1"]),
        ("regexp:(.*?)", ["", "1", "foo"], []),
        ("regexp:^([a-zA-Z]+)$", ["foo", "BAR", "fooBAR"], ["1", "foo-1"]),
        (#"regex:^\w{7}(?:\w)?$"#, ["af14eb2", "bb73ed94", "946427ff"], ["1", "foo", "946427ff-foo"]),
    ]

    @Test(arguments: cases.map(\.pattern))
    func patternMatchesAsInFluxV1(_ pattern: String) throws {
        let testCase = try #require(Self.cases.first { $0.pattern == pattern })
        let policy = try TagPolicy(parsing: pattern)
        for tag in testCase.matching { #expect(policy.matches(tag), "\(pattern) should match \"\(tag)\"") }
        for tag in testCase.notMatching { #expect(!policy.matches(tag), "\(pattern) should not match \"\(tag)\"") }
        // Flux v1 also checks which kind of pattern each is (`assert.IsType`).
        let kind =
            switch policy {
            case .glob: "glob"
            case .semver: "semver"
            case .regex: "regexp"
            }
        let expectedKind = pattern.hasPrefix("semver:") ? "semver" : pattern.hasPrefix("regex") ? "regexp" : "glob"
        #expect(kind == expectedKind, "\(pattern)")
    }
}

import Testing

@testable import ImagePolicy

@Suite struct SemanticVersionTests {
    @Test(arguments: [
        ("1.2.3", "1.2.3"), ("v1.2.3", "1.2.3"), ("1.2", "1.2.0"), ("1", "1.0.0"),
        ("1.0.0-rc.1", "1.0.0-rc.1"), ("1.0.0-rc.1+build.5", "1.0.0-rc.1+build.5"),
        ("V2.0.0", "2.0.0"),
    ])
    func parsesTags(tag: String, expected: String) throws {
        let version = try #require(SemanticVersion(tag: tag))
        #expect(version.description == expected)
    }

    @Test(arguments: ["latest", "", "1.2.3.4", "1..2", "v", "1.2.3-", "1.2.3+", "main-abc123", "1.2.3-rc..1", "1.x"])
    func rejectsNonVersions(tag: String) {
        #expect(SemanticVersion(tag: tag) == nil)
    }

    @Test func precedenceFollowsSemver2() throws {
        let ordered = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0",
        ].map { SemanticVersion(tag: $0) }
        for index in 0..<(ordered.count - 1) {
            let lhs = try #require(ordered[index])
            let rhs = try #require(ordered[index + 1])
            #expect(lhs < rhs, "\(lhs) < \(rhs)")
            #expect(!(rhs < lhs))
        }
        #expect(SemanticVersion(tag: "1.0.0+a") == SemanticVersion(tag: "1.0.0+b"))
    }
}

@Suite struct SemverRangeTests {
    func check(_ range: String, accepts: [String], rejects: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let parsed = try SemverRange(parsing: range)
        for tag in accepts {
            let version = try #require(SemanticVersion(tag: tag), sourceLocation: sourceLocation)
            #expect(parsed.contains(version), "\(range) should accept \(tag)", sourceLocation: sourceLocation)
        }
        for tag in rejects {
            let version = try #require(SemanticVersion(tag: tag), sourceLocation: sourceLocation)
            #expect(!parsed.contains(version), "\(range) should reject \(tag)", sourceLocation: sourceLocation)
        }
    }

    @Test func tilde() throws {
        try check("~1.2", accepts: ["1.2.0", "1.2.9"], rejects: ["1.3.0", "1.1.9", "2.0.0", "1.2.5-rc.1"])
        try check("~1.2.3", accepts: ["1.2.3", "1.2.10"], rejects: ["1.2.2", "1.3.0"])
        try check("~1", accepts: ["1.0.0", "1.9.9"], rejects: ["2.0.0", "0.9.0"])
        try check("~>1.2", accepts: ["1.2.4"], rejects: ["1.3.0"])
    }

    @Test func caret() throws {
        try check("^1", accepts: ["1.0.0", "1.99.3"], rejects: ["2.0.0", "0.1.0", "2.0.0-rc.1"])
        try check("^1.2.3", accepts: ["1.2.3", "1.9.0"], rejects: ["1.2.2", "2.0.0"])
        try check("^0.2.3", accepts: ["0.2.3", "0.2.9"], rejects: ["0.3.0", "0.2.2"])
        try check("^0.0.3", accepts: ["0.0.3"], rejects: ["0.0.4", "0.1.0"])
        try check("^0.x", accepts: ["0.0.1", "0.9.0"], rejects: ["1.0.0"])
        try check("^0.0", accepts: ["0.0.9"], rejects: ["0.1.0"])
    }

    @Test func comparatorsAndConjunctions() throws {
        try check(">=1.0 <2.0", accepts: ["1.0.0", "1.5.2", "v1.9.9"], rejects: ["0.9.9", "2.0.0", "2.1.0"])
        try check(">= 1.0, < 2.0", accepts: ["1.5.0"], rejects: ["2.0.0"])
        try check(">1.2.3", accepts: ["1.2.4"], rejects: ["1.2.3"])
        try check(">1.2", accepts: ["1.3.0"], rejects: ["1.2.9"])
        try check("<=1.2", accepts: ["1.2.9"], rejects: ["1.3.0"])
        try check("<1.2", accepts: ["1.1.9"], rejects: ["1.2.0"])
        try check("=1.2.3", accepts: ["1.2.3"], rejects: ["1.2.4"])
        try check("1.2.3", accepts: ["1.2.3", "v1.2.3"], rejects: ["1.2.4"])
    }

    @Test func xRanges() throws {
        try check("1.x", accepts: ["1.0.0", "1.9.0"], rejects: ["2.0.0", "0.9.0"])
        try check("1.2.*", accepts: ["1.2.0", "1.2.7"], rejects: ["1.3.0"])
        try check("*", accepts: ["0.0.1", "99.0.0"], rejects: ["1.0.0-rc.1"])
        try check("", accepts: ["3.0.0"], rejects: [])
        try check("1.X", accepts: ["1.4.0"], rejects: ["2.0.0"])
    }

    @Test func alternativesAndHyphens() throws {
        try check("^1.2 || ~3.4", accepts: ["1.9.0", "3.4.7"], rejects: ["2.0.0", "3.5.0"])
        try check("1.2.3 - 2.3.4", accepts: ["1.2.3", "2.3.4"], rejects: ["2.3.5", "1.2.2"])
        try check("1.2 - 2.3", accepts: ["1.2.0", "2.3.9"], rejects: ["2.4.0", "1.1.0"])
        try check("1.2.3 - 2", accepts: ["2.9.9"], rejects: ["3.0.0"])
    }

    @Test func preReleasesOnlyWhenNamed() throws {
        try check(">=1.0.0-rc.1 <2", accepts: ["1.0.0-rc.1", "1.0.0-rc.2", "1.0.0", "1.5.0"], rejects: ["1.1.0-rc.1", "1.0.0-beta"])
        try check("^1.2.3-beta.2", accepts: ["1.2.3-beta.3", "1.2.4"], rejects: ["1.2.4-beta.1", "1.2.3-beta.1"])
        try check("~1.2", accepts: [], rejects: ["1.2.1-alpha"])
    }

    @Test(arguments: [">=", "1.2.3.4", "abc", "^x.1", "1.2.3 - ", ">=1.0 <", "1.x.3"])
    func rejectsInvalidRanges(text: String) {
        #expect(throws: SemverRangeError.self) { try SemverRange(parsing: text) }
    }
}

import Testing

@testable import Manifests

@Suite struct IgnoreRulesTests {
    func rules(_ text: String, base: String = "") -> IgnoreRules {
        var rules = IgnoreRules()
        rules.add(fileContents: text, base: base)
        return rules
    }

    @Test func unanchoredGlobsMatchAtAnyDepth() {
        let rules = rules("*.json\n# comment\n\nsecret?.yaml\n")
        #expect(rules.isIgnored("a.json", isDirectory: false))
        #expect(rules.isIgnored("deep/down/a.json", isDirectory: false))
        #expect(rules.isIgnored("x/secret1.yaml", isDirectory: false))
        #expect(!rules.isIgnored("x/secret12.yaml", isDirectory: false))
        #expect(!rules.isIgnored("a.yaml", isDirectory: false))
    }

    @Test func anchoredPatternsMatchFromTheirDirectory() {
        let rules = rules("/top.yaml\nsub/only.yaml\n")
        #expect(rules.isIgnored("top.yaml", isDirectory: false))
        #expect(!rules.isIgnored("nested/top.yaml", isDirectory: false))
        #expect(rules.isIgnored("sub/only.yaml", isDirectory: false))
        #expect(!rules.isIgnored("x/sub/only.yaml", isDirectory: false))
    }

    @Test func doubleStarsNegationAndDirectoryOnly() {
        let rules = rules("**/tmp/**\nbuild/\n*.yaml\n!keep.yaml\nlogs/**/debug.yaml\n")
        #expect(rules.isIgnored("a/tmp/x.txt", isDirectory: false))
        #expect(rules.isIgnored("tmp/x/y", isDirectory: false))
        #expect(rules.isIgnored("build", isDirectory: true))
        #expect(!rules.isIgnored("build", isDirectory: false))
        #expect(rules.isIgnored("x.yaml", isDirectory: false))
        #expect(!rules.isIgnored("keep.yaml", isDirectory: false))
        #expect(!rules.isIgnored("d/keep.yaml", isDirectory: false))
        #expect(rules.isIgnored("logs/debug.yaml", isDirectory: false))
        #expect(rules.isIgnored("logs/a/b/debug.yaml", isDirectory: false))
    }

    @Test func characterClassesAndEscapes() {
        let rules = rules("file[0-9].yaml\n[!a]b.yaml\n\\#hash.yaml\n")
        #expect(rules.isIgnored("file7.yaml", isDirectory: false))
        #expect(!rules.isIgnored("filex.yaml", isDirectory: false))
        #expect(rules.isIgnored("cb.yaml", isDirectory: false))
        #expect(!rules.isIgnored("ab.yaml", isDirectory: false))
        #expect(rules.isIgnored("#hash.yaml", isDirectory: false))
    }

    @Test func rulesOnlyApplyBelowTheirDirectory() {
        let rules = rules("*.yaml\n", base: "team-a")
        #expect(rules.isIgnored("team-a/x.yaml", isDirectory: false))
        #expect(rules.isIgnored("team-a/deep/x.yaml", isDirectory: false))
        #expect(!rules.isIgnored("team-b/x.yaml", isDirectory: false))
        #expect(!rules.isIgnored("x.yaml", isDirectory: false))
    }
}

import Testing

@testable import ImagePolicy

/// `regex:` policies follow Go's RE2: what Flux v1 accepted matches the same tags, what it
/// refused is refused, and no expression makes matching slow.
@Suite struct TagRegexTests {
    func regex(_ pattern: String) throws -> TagRegex { try TagRegex(pattern, policy: "regexp:" + pattern) }

    @Test func matchesAsGoDoes() throws {
        let cases: [(String, String, Bool)] = [
            ("v[0-9]+", "prefix-v12-suffix", true), ("^v[0-9]+$", "v12", true), ("^v[0-9]+$", "v12a", false),
            ("(?i)^MASTER-", "master-abc", true), ("(?i:ab)c", "ABc", true), ("(?i:ab)c", "ABC", false),
            (#"^\d+\.\d+$"#, "1.2", true), (#"^\d+\.\d+$"#, "1x2", false), ("[[:alpha:]]+", "abc", true),
            ("^[^-]+$", "abc", true), ("^[^-]+$", "a-b", false), (#"\bv1\b"#, "x-v1-y", true), (#"\bv1\b"#, "xv1", false),
            (#"^(?:rc|beta)\d*$"#, "rc1", true), ("^a{2,3}$", "aa", true), ("^a{2,3}$", "a", false), ("^a{2,3}$", "aaaa", false),
            ("^a{2,}$", "aaaaa", true), ("^a{2}$", "aa", true), ("(?P<x>a)b", "ab", true), ("(?<x>a)b", "ab", true),
            ("x|", "anything", true), ("^$", "", true), ("^$", "a", false), (#"\Qa.b\E"#, "a.b", true), (#"\Qa.b\E"#, "axb", false),
            ("^[a-c]{2}$", "bc", true), (#"\x41"#, "A", true), (#"\p{Lu}"#, "a", false), (#"\p{Lu}"#, "A", true),
            (#"^[\d-]+$"#, "1-2", true), ("(?i)[a-c]", "B", true), ("a{", "a{", true), ("^.$", "é", true),
            ("^(a|b)*c$", "ababc", true), ("^(a|b)*c$", "abab", false), ("^v1.*?-rc$", "v1.2-rc", true), ("[]a]", "]", true),
            (#"^\D+$"#, "abc", true), (#"^[^\d]+$"#, "a1", false), ("^(a*)*$", "aaa", true), ("", "anything", true),
        ]
        for (pattern, tag, expected) in cases {
            #expect(try regex(pattern).matches(tag) == expected, "\(pattern) on \(tag)")
        }
    }

    @Test func refusesWhatGoRefuses() {
        for pattern in [
            "*", "a**", "a*+", "x++", "(unclosed", "a)", #"\1"#, "(?=x)", "(?!x)", "(?<=x)", "a{1001}", "a{3,2}", "[b-a]", "[a",
            #"\y"#, "+a", "?", "{2}", "(?z)", #"\"#, #"\p{Nope}"#,
        ] {
            #expect(throws: TagPolicyError.self, "\(pattern)") { try TagPolicy(parsing: "regexp:" + pattern) }
        }
        #expect(throws: TagPolicyError.self) { try TagPolicy(parsing: "regex:" + String(repeating: "a", count: 2000)) }
        #expect(throws: TagPolicyError.self, "expands beyond the program limit") {
            try TagPolicy(parsing: "regex:((a{1000}){1000}){1000}")
        }
    }

    /// Backtracking engines take exponential time on these; the automaton answers at once.
    @Test func catastrophicPatternsMatchInLinearTime() throws {
        let hostile = String(repeating: "a", count: 128) + "!"
        for pattern in ["^(a+)+$", "^(a|a)*$", "^(a*)*b$", "^(a|aa)+$", "(x+x+)+y"] {
            #expect(try !regex(pattern).matches(hostile), "\(pattern)")
        }
        #expect(try regex("^(a+)+$").matches(String(repeating: "a", count: 128)))
    }
}

import Foundation
import TestSupport
import Testing

@testable import KubernetesModel

/// Randomized and malformed YAML and JSON (seeded, bounded): every input is either parsed or
/// refused with an error; none crashes, hangs or grows memory without bound (issue 16).
@Suite struct ParserFuzzTests {
    static let corpus = [
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: demo
          annotations: {fluxcd.io/automated: "true", "fluxcd.io/tag.main": "semver:~1.2"}
        spec:
          template:
            spec:
              containers:
                - name: main
                  image: nginx:1.25
                  args: ["--flag", '*', "x: y"]
                  env: &env
                    - {name: A, value: "1"}
                - name: side
                  env: *env
        """,
        "a: &a [1, 2]\nb: *a\nc:\n  <<: {x: 1}\n  y: |\n    text\n    more\n---\n%YAML 1.1\n---\n- - - x\n...\n",
        YAMLLimitsTests.aliasBomb,
        "? complex\n: key\n[a, b]: c\n{x: 1}: y\n",
        "s: 'it''s'\nd: \"\\u00e9\\t\\\"\"\nf: >-\n  folded\n  text\nn: ~\nb: yes\ni: 0x1F\nt: 2001-12-14t21:59:43.10-05:00\n",
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"k":"v","n":[1,2.5e3,-0,true,null]}}"#,
    ]
    static let tokens = [
        "&a ", "*a", "&b [*a, *a, *a]", "<<: *a\n", "---\n", "...\n", "? ", ": ", "- ", "[", "]", "{", "}", "\"", "'", "|\n",
        ">-\n", "!!binary ", "!custom ", "%TAG ! tag:x,2000:\n", "#", "\t", "\r\n", "\u{FEFF}", "\\u0000", "\0",
    ]

    @Test func yamlReaderSurvivesMalformedInput() async throws {
        let report = try await Fuzzer(name: "yaml", corpus: Self.corpus, tokens: Self.tokens).run { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            for document in try JSONValue.yamlDocuments(text) {
                // What was accepted stays within the limits and serializes.
                #expect(!document.value.nestingDepth(exceeds: YAMLLimits.default.maxDepth))
                _ = document.value.serializedBytes()
            }
        }
        #expect(report.inputs > Self.corpus.count)
        #expect(report.rejected > 0)
    }

    @Test func jsonParserSurvivesMalformedInput() async throws {
        let report = try await Fuzzer(
            name: "json", corpus: [Self.corpus[5], "[[[[1]]]]", #"{"a":"\ud83d\ude00"}"#],
            tokens: [
                "[", "]", "{", "}", ",", ":", "\"", "\\", "\\u", "1e999", "-", "null", "tru",
            ]
        ).run { bytes in
            _ = try JSONValue(parsing: bytes).serializedBytes()
        }
        #expect(report.inputs > 3)
    }
}

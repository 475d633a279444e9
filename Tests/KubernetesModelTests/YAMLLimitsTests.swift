import Testing

@testable import KubernetesModel

/// YAML input that would cost unbounded memory or time is refused with an error that says which
/// limit, where, and which flag changes it (issue 16, finding 2).
@Suite struct YAMLLimitsTests {
    /// Issue 16's reproduction: nine levels of nine aliases, a few hundred bytes, 9^9 nodes.
    static let aliasBomb: String = {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        return text
    }()

    @Test func aliasBombStopsAtTheAliasBudget() {
        #expect(Self.aliasBomb.utf8.count < 600)
        let error = #expect(throws: YAMLConversionError.self) { try JSONValue.yamlDocuments(Self.aliasBomb) }
        #expect(error?.limit == .aliasNodes)
        #expect(error?.description.contains("--manifest-max-alias-nodes") == true)
        #expect(error?.line != nil)
    }

    @Test func ordinaryAnchorsStillWork() throws {
        let text = """
            base: &base {image: nginx, ports: [80, 443]}
            one: *base
            two:
              <<: *base
              image: redis
            """
        let value = try JSONValue(yaml: text)
        #expect(value["one"] == value["base"])
        #expect(value[path: ["two", "image"]] == "redis")
        #expect(value[path: ["two", "ports"]] == [80, 443])
    }

    @Test func aliasBudgetIsConfigurable() throws {
        let text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"
        #expect(throws: YAMLConversionError.self) { try JSONValue.yamlDocuments(text, limits: YAMLLimits(maxAliasNodes: 5)) }
        #expect(try JSONValue.yamlDocuments(text, limits: YAMLLimits(maxAliasNodes: 8)).count == 1)
        // The task-local limits apply to callers that pass none (kustomize's decoder, kubeconfigs).
        YAMLLimits.$current.withValue(YAMLLimits(maxAliasNodes: 5)) {
            #expect(throws: YAMLConversionError.self) { try JSONValue(yaml: text) }
        }
    }

    @Test func nestingDepthIsBounded() throws {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let error = #expect(throws: YAMLConversionError.self) { try JSONValue(yaml: deep) }
        #expect(error?.limit == .depth)
        let shallow = String(repeating: "[", count: 50) + String(repeating: "]", count: 50)
        #expect(throws: Never.self) { try JSONValue(yaml: shallow) }
        // Aliases cannot be used to nest deeper than the text does.
        var chain = "l0: &l0 [x]\n"
        for level in 1...30 { chain += "l\(level): &l\(level) [*l\(level - 1)]\n" }
        let chained = #expect(throws: YAMLConversionError.self) {
            try JSONValue.yamlDocuments(chain, limits: YAMLLimits(maxDepth: 20))
        }
        #expect(chained?.limit == .depth)
    }

    @Test func oversizedDocumentIsRefusedBeforeParsing() {
        let big = "a: 1\n---\nkind: ConfigMap\ndata:\n  x: \"" + String(repeating: "y", count: 2_000) + "\"\n"
        let error = #expect(throws: YAMLConversionError.self) {
            try JSONValue.yamlDocuments(big, limits: YAMLLimits(maxDocumentBytes: 1_000))
        }
        #expect(error?.limit == .documentSize)
        #expect(error?.line == 2)
        #expect(error?.description.contains("--manifest-max-document-size") == true)
    }

    @Test func streamSizeAndDocumentCountAreBounded() {
        let many = Array(repeating: "a: 1", count: 12).joined(separator: "\n---\n")
        let count = #expect(throws: YAMLConversionError.self) {
            try JSONValue.yamlDocuments(many, limits: YAMLLimits(maxDocuments: 10))
        }
        #expect(count?.limit == .documentCount)
        let size = #expect(throws: YAMLConversionError.self) {
            try JSONValue.yamlDocuments(many, limits: YAMLLimits(maxStreamBytes: 20))
        }
        #expect(size?.limit == .streamSize)
    }

    /// Yams hashes mapping keys in full when it checks for duplicates; an aliased collection as
    /// a key would hash 9^9 nodes. Refused before parsing.
    @Test func aliasedComplexKeysAreRefused() {
        // Inside flow collections libyaml needs no space after the `:`: `[*a8:"x"]` is a
        // mapping keyed by the alias (found by bench/fuzz.sh, seed 20261203, input 49840: a
        // 576-byte document that took 280 s of CPU before this was refused).
        for key in [
            "? *a8\n: 1", "*a8 : 1", "[*a8]: 1", "{*a8: 1}: 2", "a9: [*a8, *a8:\"x\"]", "a9: [*a8:x]",
            "a9: {*a8:1}", "a9: [[*a8]:1]", "a9: [ {k: [*a8]}:1 ]", "a9: &a9 [*a8, *a8:\"x\"]", "a9: !!seq [*a8:x]",
            "a9: &a9 !!seq [*a8:x]",
            // Text between the node and the `:` still leaves the node as the key (input 59915 of
            // the same run): `*a8 namespace: demo`, in a flow and in a block.
            "a9: &a9 [*a8, *a8 namespace: demo", "*a8 namespace: demo", "a9: [[*a8] x: 1]",
        ] {
            let text = Self.aliasBomb.split(separator: "\n").prefix(9).joined(separator: "\n") + "\n" + key + "\n"
            let error = #expect(throws: YAMLConversionError.self, "\(key)") { try JSONValue.yamlDocuments(text) }
            #expect(error?.limit == .complexKeys, "\(key)")
        }
        // Complex keys without aliases are merely not strings: the ordinary error.
        let plain = #expect(throws: YAMLConversionError.self) { try JSONValue(yaml: "[a, b]: c") }
        #expect(plain?.limit == nil)
        // Aliases and scalar keys, and `*` in values and quoted text, are fine.
        #expect(throws: Never.self) { try JSONValue(yaml: "a: &x 1\nb: *x\nc: \"[*]: ?\"\nd: '* * * * *'\n") }
        // A `:` without a space in block context, or in a plain scalar in a flow, is text.
        #expect(throws: Never.self) {
            try JSONValue.yamlDocuments("a: &x 1\nb: *x\nc: [\"*x:y\", http://h:80/p, a:b]\nd: ${A}:${B}\ne: {f: g:h}\n")
        }
    }

    @Test func linesStayStreamRelativeAcrossDocuments() throws {
        let text = "# comment\n%YAML 1.1\n---\na: 1\n---\n\nb: 2\n...\n---\nc: [\n"
        let error = #expect(throws: YAMLConversionError.self) { try JSONValue.yamlDocuments(text) }
        #expect(error.map { (10...11).contains($0.line ?? 0) } == true, "\(String(describing: error))")
        let documents = try JSONValue.yamlDocuments("# head\n---\na: 1\n---\n\nb: 2\n")
        #expect(documents.map(\.line) == [3, 6])
        #expect(documents.map(\.value) == [["a": 1], ["b": 2]])
    }

    @Test func byteSizesParseAndPrint() {
        #expect(ByteSize(parsing: "3Mi")?.bytes == 3 << 20)
        #expect(ByteSize(parsing: "3MiB")?.bytes == 3 << 20)
        #expect(ByteSize(parsing: "512Ki")?.bytes == 512 << 10)
        #expect(ByteSize(parsing: "1048576")?.bytes == 1 << 20)
        #expect(ByteSize(parsing: "2M")?.bytes == 2_000_000)
        #expect(ByteSize(parsing: "-1") == nil)
        #expect(ByteSize(parsing: "1Qi") == nil)
        #expect(ByteSize(parsing: "99999999999999999Gi") == nil)
        #expect(ByteSize(bytes: 3 << 20).description == "3MiB")
        #expect(ByteSize(bytes: 1000).description == "1000B")
        #expect(ByteSize.approximate(5 * 1024 * 1024 + 300_000) == "5.3MiB")
    }
}

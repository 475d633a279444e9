import Testing

@testable import KubernetesModel

@Suite struct JSONValueTests {
    @Test func roundTripKeepsKeyOrder() throws {
        let text = #"{"z":1,"a":{"y":[true,false,null],"b":"x\n\"q\""},"m":-2.5,"e":1e3}"#
        let value = try JSONValue(parsing: text)
        #expect(value.objectValue?.keys == ["z", "a", "m", "e"])
        #expect(value.serialized() == #"{"z":1,"a":{"y":[true,false,null],"b":"x\n\"q\""},"m":-2.5,"e":1000}"#)
    }

    @Test func equalityIgnoresKeyOrder() throws {
        let a = try JSONValue(parsing: #"{"a":1,"b":2}"#)
        let b = try JSONValue(parsing: #"{"b":2,"a":1}"#)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != (try JSONValue(parsing: #"{"a":1,"b":3}"#)))
    }

    @Test func unicodeEscapesAndSurrogates() throws {
        let value = try JSONValue(parsing: #""\u00e9\ud83d\ude00\/""#)
        #expect(value == .string("é😀/"))
    }

    @Test(arguments: ["{", "[1,]", "{\"a\" 1}", "tru", "\"abc", "01x", "1 2"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func pathAccessAndMutation() {
        var value: JSONValue = ["metadata": ["name": "a"]]
        value.set(path: ["metadata", "labels", "app"], to: "web")
        #expect(value[path: ["metadata", "labels", "app"]] == "web")
        #expect(value.name == "a")
        value.namespace = "ns"
        #expect(value.objectKey == nil)
        value.apiVersion = "apps/v1"
        value.kind = "Deployment"
        #expect(value.objectKey == ObjectKey(group: "apps", kind: "Deployment", namespace: "ns", name: "a"))
    }
}

@Suite struct YAMLConversionTests {
    @Test func resolvesScalarsLikeSigsYAML() throws {
        let value = try JSONValue(
            yaml: """
                a: 1
                b: "1"
                c: true
                d: yes
                e: 1.5
                f: null
                g: ~
                h: 2024-01-01
                i: 0x1F
                j: '007'
                k: [x, 2]
                """)
        #expect(value["a"] == .integer(1))
        #expect(value["b"] == .string("1"))
        #expect(value["c"] == .bool(true))
        #expect(value["d"] == .bool(true))
        #expect(value["e"] == .double(1.5))
        #expect(value["f"] == .null)
        #expect(value["g"] == .null)
        #expect(value["h"] == .string("2024-01-01"))
        #expect(value["i"] == .integer(31))
        #expect(value["j"] == .string("007"))
        #expect(value["k"] == ["x", 2])
        #expect(value.objectValue?.keys == ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"])
    }

    @Test func multiDocumentStreamWithLines() throws {
        let docs = try JSONValue.yamlDocuments(
            """
            kind: A
            ---
            # comment only
            ---
            kind: B
            """)
        #expect(docs.map(\.value.kind) == ["A", "B"])
        #expect(docs.map(\.line) == [1, 5])
    }

    @Test func reportsLineOfSyntaxError() {
        do {
            _ = try JSONValue.yamlDocuments("a: 1\nb: [1, 2\nc: 3\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.line != nil)
        }
    }

    @Test func duplicateKeysAreErrors() {
        #expect(throws: YAMLConversionError.self) { try JSONValue(yaml: "a: 1\na: 2\n") }
    }
}

@Suite struct GoDurationTests {
    @Test(arguments: [("5m", 300.0), ("20s", 20.0), ("1h30m", 5400.0), ("300ms", 0.3), ("1.5h", 5400.0), ("0", 0.0)])
    func parses(_ text: String, _ seconds: Double) throws {
        let parsed = try #require(GoDuration(parsing: text))
        #expect(abs(parsed.seconds - seconds) < 1e-9)
    }

    @Test(arguments: ["", "5", "m", "5x", "1h 30m"])
    func rejects(_ text: String) {
        #expect(GoDuration(parsing: text) == nil)
    }

    @Test func printsLikeGo() {
        #expect(GoDuration(.seconds(300)).description == "5m0s")
        #expect(GoDuration(.seconds(3600)).description == "1h0m0s")
        #expect(GoDuration(.milliseconds(500)).description == "500ms")
        #expect(GoDuration(.milliseconds(1500)).description == "1.5s")
    }
}

import KubernetesModel
import Testing
import YAMLEditing

/// The before/after suite: each fixture's edit must give the expected file byte for byte, and
/// the result must re-read as the input with only the targeted field changed.
@Suite struct FixtureTests {
    @Test func suiteHasEnoughCases() {
        #expect(Fixture.names().count >= 25)
    }

    @Test(arguments: Fixture.names())
    func editGivesExpectedBytes(_ name: String) throws {
        let fixture = try Fixture.load(name)
        let output = try fixture.apply(to: fixture.input)
        #expect(Array(output.utf8) == Array(fixture.expected.utf8), "\(name):\n\(output)")
    }

    @Test(arguments: Fixture.names())
    func editIsIdempotent(_ name: String) throws {
        let fixture = try Fixture.load(name)
        let once = try fixture.apply(to: fixture.input)
        let twice = try fixture.apply(to: once)
        #expect(Array(once.utf8) == Array(twice.utf8))
    }

    @Test(arguments: Fixture.names())
    func reparsedOutputDiffersOnlyInTarget(_ name: String) throws {
        let fixture = try Fixture.load(name)
        let output = try fixture.apply(to: fixture.input)
        let before = objects(try JSONValue.yamlDocuments(fixture.input).map(\.value))
        let after = objects(try JSONValue.yamlDocuments(output).map(\.value))
        try #require(before.count == after.count)
        var changed = 0
        for (old, new) in zip(before, after) where old != new {
            changed += 1
            #expect(old.kind?.lowercased() == fixture.workload.kind.lowercased())
            #expect(old.name == fixture.workload.name)
            var restored = new
            switch fixture.edit {
            case .image(let image, let container):
                let path = podSpecPath(old)
                for field in ["containers", "initContainers"] {
                    guard var list = new[path: path + [field]]?.arrayValue,
                        let oldList = old[path: path + [field]]?.arrayValue
                    else { continue }
                    for index in list.indices where list[index]["name"]?.stringValue == container {
                        #expect(list[index]["image"]?.stringValue == image)
                        list[index]["image"] = oldList[index]["image"]
                    }
                    restored.set(path: path + [field], to: .array(list))
                }
            case .annotations(let changes):
                let annotations = new[path: ["metadata", "annotations"]]?.objectValue ?? JSONObject()
                for (key, value) in changes {
                    let aliases = [key, key.replacingPrefix("fluxcd.io/", with: "flux.weave.works/")]
                    if let value {
                        #expect(aliases.contains { annotations[$0]?.stringValue == value }, "\(key) not set")
                    } else {
                        #expect(aliases.allSatisfy { annotations[$0] == nil }, "\(key) not removed")
                    }
                }
                restored.set(path: ["metadata", "annotations"], to: old[path: ["metadata", "annotations"]])
            }
            #expect(restored == old, "fields other than the target changed")
        }
        #expect(changed == (fixture.input == fixture.expected ? 0 : 1))
    }

    @Test(arguments: Fixture.names())
    func diffTouchesOnlyTargetedLines(_ name: String) throws {
        let fixture = try Fixture.load(name)
        let output = try fixture.apply(to: fixture.input)
        let (removed, added) = changedLines(fixture.input, output)
        let trimmedRemoved = removed.map(trimmed)
        let trimmedAdded = added.map(trimmed)
        switch fixture.edit {
        case .image(let image, _):
            #expect(removed.count == 1 && added.count == 1)
            #expect(added.first?.contains(image) == true)
        case .annotations(let changes):
            let words =
                ["annotations"]
                + changes.keys.map {
                    $0.replacingPrefix("fluxcd.io/", with: "").replacingPrefix("flux.weave.works/", with: "")
                }
            for line in trimmedRemoved where !trimmedAdded.contains(line) && !words.contains(where: line.contains) {
                // Comments inside a removed `annotations:` block go with it.
                if line.drop(while: { $0 == " " }).hasPrefix("#") { continue }
                // A line that only gained text (flow style): the old line is the new one minus an insertion.
                #expect(trimmedAdded.contains { isInsertion(of: line, in: $0) }, "untargeted line removed: \(line)")
            }
            for line in trimmedAdded where !trimmedRemoved.contains(line) {
                #expect(
                    words.contains(where: line.contains) || trimmedRemoved.contains { isInsertion(of: $0, in: line) },
                    "untargeted line added: \(line)")
            }
        }
    }

    private func trimmed(_ line: String) -> String {
        var result = Substring(line)
        while let last = result.last, last.isNewline { result = result.dropLast() }
        return String(result)
    }

    /// Whether `longer` is `shorter` with one run of characters inserted or changed at one place.
    private func isInsertion(of shorter: String, in longer: String) -> Bool {
        let a = Array(shorter)
        let b = Array(longer)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        return b.count > a.count && longer.hasSuffix(String(a[prefix...]))
    }
}

/// The objects of a stream, `List` items flattened.
func objects(_ documents: [JSONValue]) -> [JSONValue] {
    documents.flatMap { document -> [JSONValue] in
        if let kind = document.kind, kind.hasSuffix("List"), let items = document["items"]?.arrayValue { return items }
        return [document]
    }
}

func podSpecPath(_ object: JSONValue) -> [String] {
    object.kind == "CronJob" ? ["spec", "jobTemplate", "spec", "template", "spec"] : ["spec", "template", "spec"]
}

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}

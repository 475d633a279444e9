import Foundation
import KubernetesModel
import YAMLEditing

/// One before/after case from `Fixtures/<name>/`: `input.yaml`, `expected.yaml` and `edit.json`
/// (`{"workload": "ns:kind/name", "setImage": "…", "container": "…"}` or
/// `{"workload": …, "annotations": {"key": "value" | null}}`). Files are read as raw bytes so
/// CRLF and a missing final newline survive.
struct Fixture: Sendable {
    enum Edit: Sendable {
        case image(String, container: String)
        case annotations([String: String?])
    }

    var name: String
    var input: String
    var expected: String
    var workload: WorkloadID
    var edit: Edit

    static let directory: URL = {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("Fixtures folder missing from the test bundle")
        }
        return url
    }()

    static func names() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    static func load(_ name: String) throws -> Fixture {
        let folder = directory.appendingPathComponent(name)
        func read(_ file: String) throws -> String {
            String(decoding: try Data(contentsOf: folder.appendingPathComponent(file)), as: UTF8.self)
        }
        let edit = try JSONValue(parsing: try read("edit.json"))
        guard let id = edit["workload"]?.stringValue, let selector = WorkloadID(parsing: id) else {
            throw FixtureError(message: "\(name): edit.json needs a workload ID")
        }
        let parsedEdit: Edit
        if let image = edit["setImage"]?.stringValue, let container = edit["container"]?.stringValue {
            parsedEdit = .image(image, container: container)
        } else if let changes = edit["annotations"]?.objectValue {
            var map: [String: String?] = [:]
            for (key, value) in changes { map[key] = .some(value.stringValue) }
            parsedEdit = .annotations(map)
        } else {
            throw FixtureError(message: "\(name): edit.json has no edit")
        }
        return Fixture(
            name: name, input: try read("input.yaml"), expected: try read("expected.yaml"), workload: selector,
            edit: parsedEdit)
    }

    func apply(to text: String) throws -> String {
        switch edit {
        case .image(let image, let container):
            return try YAMLEditor.setImage(image, container: container, workload: workload, in: text, file: name)
        case .annotations(let changes):
            return try YAMLEditor.setAnnotations(changes, workload: workload, in: text, file: name)
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Lines of a text split after each line break (LF or CRLF), so that joining gives the text back.
func rawLines(_ text: String) -> [String] {
    var lines: [String] = []
    var current = ""
    for scalar in text.unicodeScalars {
        current.unicodeScalars.append(scalar)
        if scalar == "\n" {
            lines.append(current)
            current = ""
        }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}

/// The lines that differ between two texts once their common leading and trailing lines are
/// set aside: (removed lines of `before`, added lines of `after`).
func changedLines(_ before: String, _ after: String) -> (removed: [String], added: [String]) {
    let old = rawLines(before)
    let new = rawLines(after)
    var prefix = 0
    while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] {
        suffix += 1
    }
    return (Array(old[prefix..<(old.count - suffix)]), Array(new[prefix..<(new.count - suffix)]))
}

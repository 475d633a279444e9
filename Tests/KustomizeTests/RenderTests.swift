import Foundation
import KubernetesModel
import Kustomize
import Testing

/// The printer on its own: objects built in code print as kustomize prints them.
@Suite struct RenderTests {
    @Test func printsSortedKeysUnindentedSequencesAndQuotes() throws {
        let object: JSONValue = [
            "kind": "ConfigMap", "apiVersion": "v1",
            "metadata": ["name": "y", "labels": ["a10": "x", "a2": "on", "_b": "1"]],
            "data": ["empty": "", "colon": "a: b", "multi": "l1\nl2\n", "n": "0777"],
            "list": [["b": 1, "a": [true]], [], ["x"]],
        ]
        let expected = """
            apiVersion: v1
            data:
              colon: 'a: b'
              empty: ""
              multi: |
                l1
                l2
              "n": "0777"
            kind: ConfigMap
            list:
            - a:
              - true
              b: 1
            - []
            - - x
            metadata:
              labels:
                _b: "1"
                a2: "on"
                a10: x
              name: "y"

            """
        #expect(Kustomizer.render([object]) == expected)
    }

    @Test func separatesDocumentsAndFoldsLongStrings() {
        let long = Array(repeating: "word", count: 20).joined(separator: " ")
        let output = Kustomizer.render([["a": .string(long)], ["b": 1.5]])
        #expect(
            output == "a: word word word word word word word word word word word word word word word word\n"
                + "  word word word word\n---\nb: 1.5\n")
    }

    @Test func buildReturnsObjectsInLegacyOrder() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kustomize-order-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try "resources:\n- r.yaml\nnamePrefix: p-\n".write(
            to: root.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
        try "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n"
            .write(to: root.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
        let objects = try await Kustomizer().build(directory: root.path)
        #expect(objects.map { $0.kind ?? "" } == ["Namespace", "Deployment"])
        #expect(objects.map { $0.name ?? "" } == ["n", "p-d"])
    }
}

import KubernetesModel
import Testing
import YAMLEditing

/// Property checks over every fixture input: tricky values written anywhere read back as the
/// same strings, and nothing else in the file changes.
@Suite struct ValuePropertyTests {
    static let trickyValues = [
        "true", "false", "yes", "no", "on", "null", "~", "1.0", "0x1F", "1e3", "", " padded ", "a: b", "x #y", "#x",
        "it's", "say \"hi\"", "back\\slash", "multi\nline", "tab\there", "ünïcödé ✓", "*", "&anchor", "!tag", "- dash",
        "glob:*", "semver:>=1.0 <2.0", "regex:^v[0-9]+$", "{a: b}", "[x]", "a,b", "Jane Doe <jane@example.com>",
    ]

    @Test(arguments: Fixture.names())
    func annotationValuesRoundTrip(_ name: String) throws {
        let fixture = try Fixture.load(name)
        for value in Self.trickyValues {
            let key = "fluxcd.io/locked_msg"
            let output = try YAMLEditor.setAnnotations([key: value], workload: fixture.workload, in: fixture.input)
            let found = try YAMLEditor.workloads(in: output).first { $0.id(defaultNamespace: "default") == fixture.workload }
            #expect(found?.annotations[key] == value, "\(name): \(value)")
            let objectsAfter = objects(try JSONValue.yamlDocuments(output).map(\.value))
            let target = objectsAfter.first {
                $0.name == fixture.workload.name && $0.kind?.lowercased() == fixture.workload.kind.lowercased()
                    && ($0.namespace ?? "default") == fixture.workload.namespace
            }
            #expect(target?[path: ["metadata", "annotations", key]] == .string(value), "\(name): \(value)")
            // Removing it again gives back the input, byte for byte.
            let removed = try YAMLEditor.setAnnotations([key: nil], workload: fixture.workload, in: output)
            if !fixture.input.contains("annotations: {}") {
                #expect(Array(removed.utf8) == Array(fixture.input.utf8), "\(name): \(value)")
            }
        }
    }

    @Test(arguments: Fixture.names().filter { $0.hasPrefix("image-") })
    func imagesRoundTrip(_ name: String) throws {
        let fixture = try Fixture.load(name)
        guard case .image(_, let container) = fixture.edit else { return }
        let images = [
            "nginx", "nginx:1.25.3-alpine", "library/nginx:latest", "docker.io/library/nginx:1.0",
            "localhost:5000/a/b/c:v1_2", "[::1]:5000/app:1", "ghcr.io/org/app@sha256:" + String(repeating: "0", count: 64),
            "quay.io/org/app:1.0@sha256:" + String(repeating: "f", count: 64),
        ]
        let original = try YAMLEditor.workloads(in: fixture.input).first { $0.id(defaultNamespace: "default") == fixture.workload }
        let originalImage = try #require(original?.container(named: container)?.image)
        for image in images {
            let output = try YAMLEditor.setImage(image, container: container, workload: fixture.workload, in: fixture.input)
            let found = try YAMLEditor.workloads(in: output).first { $0.id(defaultNamespace: "default") == fixture.workload }
            #expect(found?.container(named: container)?.image == image, "\(name): \(image)")
            let back = try YAMLEditor.setImage(originalImage, container: container, workload: fixture.workload, in: output)
            if image.hasPrefix("[") {
                // Not writable plain: the value is quoted, and keeps that style afterwards.
                #expect(output.contains("\"\(image)\"") || output.contains("'\(image)'"), "\(name): \(image)")
            } else {
                #expect(back == fixture.input && Array(back.utf8) == Array(fixture.input.utf8), "\(name): \(image)")
            }
        }
    }
}

import Foundation
import ImagePolicy
import KubernetesModel
import TestSupport
import Testing
import WorkloadUpdates

/// Flux v1's policy update table (`pkg/cluster/kubernetes/policies_test.go`), ported: the same
/// manifest template, the same updates, byte-for-byte the same output (quoting of new values,
/// prefixes kept in place, patterns as given, invalid patterns refused with nothing written).
@Suite struct FluxV1PolicyTests {
    struct Case: Sendable {
        var name: String
        var input: [(String, String)]
        var output: [(String, String)]
        var add: [String: String] = [:]
        var remove: [String] = []
        var wantError = false
    }

    /// Flux v1's `annotationsTemplate`.
    static func manifest(_ annotations: [(String, String)]) -> String {
        var text = "---\napiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: # comment really close to the war zone\n  name: nginx"
        if !annotations.isEmpty {
            text += "\n  annotations:"
            for (key, value) in annotations { text += "\n    \(key): \(value)" }
        }
        text += """

            spec:
              replicas: 1
              template:
                metadata: # comment2
                  labels:
                    name: nginx
                spec:
                  containers:
                  - image: nginx  # These keys are purposefully un-sorted.
                    name: nginx   # And these comments are testing comments.
                    ports:
                    - containerPort: 80

            """
        return text
    }

    static let cases: [Case] = [
        Case(
            name: "adding annotation with others existing", input: [("prometheus.io/scrape", "'false'")],
            output: [("prometheus.io/scrape", "'false'"), ("fluxcd.io/automated", "'true'")], add: ["automated": "true"]),
        Case(
            name: "adding annotation when already has annotation does not change prefix",
            input: [("flux.weave.works/automated", "'true'")], output: [("flux.weave.works/automated", "'true'")],
            add: ["automated": "true"]),
        Case(
            name: "adding annotation when already has annotation and others",
            input: [("flux.weave.works/automated", "'true'"), ("prometheus.io/scrape", "'false'")],
            output: [("flux.weave.works/automated", "'true'"), ("prometheus.io/scrape", "'false'")], add: ["automated": "true"]),
        Case(
            name: "adding first annotation (uses new prefix)", input: [], output: [("fluxcd.io/automated", "'true'")],
            add: ["automated": "true"]),
        Case(
            name: "add and remove different annotations at the same time",
            input: [("flux.weave.works/automated", "'true'"), ("prometheus.io/scrape", "'false'")],
            output: [("prometheus.io/scrape", "'false'"), ("fluxcd.io/locked", "'true'")], add: ["locked": "true"],
            remove: ["automated"]),
        Case(name: "remove overrides add for same key", input: [], output: [], add: ["locked": "true"], remove: ["locked"]),
        Case(
            name: "remove annotation with others existing", input: [("fluxcd.io/automated", "true"), ("prometheus.io/scrape", "false")],
            output: [("prometheus.io/scrape", "false")], remove: ["automated"]),
        Case(name: "remove last annotation", input: [("fluxcd.io/automated", "true")], output: [], remove: ["automated"]),
        Case(name: "remove annotation with no annotations", input: [], output: [], remove: ["automated"]),
        Case(
            name: "remove annotation with only others", input: [("prometheus.io/scrape", "false")],
            output: [("prometheus.io/scrape", "false")], remove: ["automated"]),
        Case(name: "multiline", input: [("fluxcd.io/locked_msg", "|-\n      first\n      second")], output: [], remove: ["locked_msg"]),
        Case(
            name: "multiline with empty line", input: [("fluxcd.io/locked_msg", "|-\n      first\n\n      third")], output: [],
            remove: ["locked_msg"]),
        Case(name: "add tag policy", input: [], output: [("fluxcd.io/tag.nginx", "glob:*")], add: ["tag.nginx": "glob:*"]),
        Case(name: "add non-glob tag policy", input: [], output: [("fluxcd.io/tag.nginx", "foo")], add: ["tag.nginx": "foo"]),
        Case(name: "add semver tag policy", input: [], output: [("fluxcd.io/tag.nginx", "semver:*")], add: ["tag.nginx": "semver:*"]),
        Case(name: "add invalid semver tag policy", input: [], output: [], add: ["tag.nginx": "semver:invalid"], wantError: true),
        Case(
            name: "add regexp tag policy", input: [], output: [("fluxcd.io/tag.nginx", "regexp:(.*?)")],
            add: ["tag.nginx": "regexp:(.*?)"]),
        Case(name: "add invalid regexp tag policy", input: [], output: [], add: ["tag.nginx": "regexp:*"], wantError: true),
        Case(
            name: "add tag policy with alternative prefix does not change existing prefix",
            input: [("filter.fluxcd.io/nginx", "glob:*")], output: [("filter.fluxcd.io/nginx", "glob:*")],
            add: ["tag.nginx": "glob:*"]),
        Case(name: "set tag to all containers", input: [], output: [("fluxcd.io/tag.nginx", "semver:*")], add: ["tag_all": "semver:*"]),
    ]

    @Test(arguments: cases.map(\.name))
    func policyUpdateMatchesFluxV1(_ name: String) async throws {
        let testCase = try #require(Self.cases.first { $0.name == name })
        let directory = try TemporaryDirectory(prefix: "flux-v1-policy")
        defer { directory.remove() }
        let input = Self.manifest(testCase.input)
        try input.write(toFile: directory.path + "/nginx.yaml", atomically: true, encoding: .utf8)
        let index = try WorkloadIndex(root: directory.path, paths: [], defaultNamespace: "default")
        let change = PolicyChange(
            workload: WorkloadID(namespace: "default", kind: "deployment", name: "nginx"), add: testCase.add,
            remove: testCase.remove)
        do throws(WorkloadUpdateError) {
            _ = try await PolicyEditor.apply([change], index: index, defaultNamespace: "default")
            #expect(!testCase.wantError, "\(name): expected an error")
        } catch {
            #expect(testCase.wantError, "\(name): \(error)")
            #expect(error.code == .invalidRequest)
            #expect(error.description.contains("default:deployment/nginx") && error.description.contains("tag.nginx"))
        }
        let output = try String(contentsOfFile: directory.path + "/nginx.yaml", encoding: .utf8)
        #expect(output == (testCase.wantError ? input : Self.manifest(testCase.output)), "\(name)")
    }

    @Test func invalidPatternsAreRefusedBeforeAnythingIsWritten() async throws {
        let directory = try TemporaryDirectory(prefix: "flux-v1-policy")
        defer { directory.remove() }
        let input = Self.manifest([])
        try input.write(toFile: directory.path + "/nginx.yaml", atomically: true, encoding: .utf8)
        let index = try WorkloadIndex(root: directory.path, paths: [], defaultNamespace: "default")
        let id = WorkloadID(namespace: "default", kind: "deployment", name: "nginx")
        for add in [["tag.nginx": "glob:[["], ["tag.nosuch": "glob:*"], ["automated": "true", "tag.nginx": "regex:(a"]] {
            await #expect(throws: WorkloadUpdateError.self, "\(add)") {
                try await PolicyEditor.apply([PolicyChange(workload: id, add: add)], index: index, defaultNamespace: "default")
            }
            #expect(try String(contentsOfFile: directory.path + "/nginx.yaml", encoding: .utf8) == input)
        }
    }
}

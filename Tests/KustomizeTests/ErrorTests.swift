import Foundation
import Kustomize
import Testing

/// Broken kustomizations: kubectl kustomize refuses them too, and the native error names
/// the kustomization file and the field, and no objects come out.
@Suite struct ErrorTests {
    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var name: String
        var files: [String: String]
        /// The file (relative to the case root) the message must name.
        var file: String
        var field: String
        var code: KustomizeError.Code
        var testDescription: String { name }
    }

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: web
                image: nginx

        """

    static let cases: [ErrorCase] = [
        ErrorCase(
            name: "missing resource file",
            files: ["kustomization.yaml": "resources:\n- deploy.yaml\n- missing.yaml\n", "deploy.yaml": deployment],
            file: "kustomization.yaml", field: "resources[1]", code: .missingFile),
        ErrorCase(
            name: "cycle between kustomizations",
            files: [
                "kustomization.yaml": "resources:\n- a\n", "a/kustomization.yaml": "resources:\n- ../b\n",
                "b/kustomization.yaml": "resources:\n- ../a\n",
            ],
            file: "b/kustomization.yaml", field: "resources[0]", code: .cycle),
        ErrorCase(
            name: "unknown top-level field",
            files: ["kustomization.yaml": "resources:\n- deploy.yaml\nnamePrefx: x-\n", "deploy.yaml": deployment],
            file: "kustomization.yaml", field: "namePrefx", code: .unknownField),
        ErrorCase(
            name: "unknown field in a patch entry",
            files: ["kustomization.yaml": "resources:\n- deploy.yaml\npatches:\n- paht: p.yaml\n", "deploy.yaml": deployment],
            file: "kustomization.yaml", field: "patches[0].paht", code: .unknownField),
        ErrorCase(
            name: "unknown field in a patch target",
            files: [
                "kustomization.yaml": "resources:\n- deploy.yaml\npatches:\n- patch: '{}'\n  target:\n    knd: Deployment\n",
                "deploy.yaml": deployment,
            ],
            file: "kustomization.yaml", field: "patches[0].target.knd", code: .unknownField),
        ErrorCase(
            name: "unknown field in a generator",
            files: ["kustomization.yaml": "configMapGenerator:\n- name: a\n  literal:\n  - a=b\n"],
            file: "kustomization.yaml", field: "configMapGenerator[0].literal", code: .unknownField),
        ErrorCase(
            name: "unknown field in a nested kustomization",
            files: [
                "kustomization.yaml": "resources:\n- base\n",
                "base/kustomization.yaml": "resources:\n- deploy.yaml\nlabels:\n- pair:\n    a: b\n",
                "base/deploy.yaml": deployment,
            ],
            file: "base/kustomization.yaml", field: "labels[0].pair", code: .unknownField),
        ErrorCase(
            name: "patch target not found",
            files: [
                "kustomization.yaml":
                    "resources:\n- deploy.yaml\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: nope\n    spec:\n      replicas: 2\n",
                "deploy.yaml": deployment,
            ],
            file: "kustomization.yaml", field: "patches[0]", code: .patchTargetNotFound),
        ErrorCase(
            name: "legacy strategic merge patch target not found",
            files: [
                "kustomization.yaml": "resources:\n- deploy.yaml\npatchesStrategicMerge:\n- p.yaml\n",
                "deploy.yaml": deployment,
                "p.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n",
            ],
            file: "kustomization.yaml", field: "patchesStrategicMerge[0]", code: .patchTargetNotFound),
        ErrorCase(
            name: "directory without kustomization",
            files: ["kustomization.yaml": "resources:\n- plain\n", "plain/deploy.yaml": deployment],
            file: "kustomization.yaml", field: "resources[0]", code: .missingKustomization),
        ErrorCase(
            name: "generator merge without base",
            files: ["kustomization.yaml": "configMapGenerator:\n- name: app\n  behavior: merge\n  literals:\n  - a=1\n"],
            file: "kustomization.yaml", field: "configMapGenerator[0].behavior", code: .invalidField),
        ErrorCase(
            name: "duplicate resource",
            files: ["kustomization.yaml": "resources:\n- deploy.yaml\n- copy.yaml\n", "deploy.yaml": deployment, "copy.yaml": deployment],
            file: "kustomization.yaml", field: "resources[1]", code: .duplicateResource),
        ErrorCase(
            name: "missing patch file",
            files: ["kustomization.yaml": "resources:\n- deploy.yaml\npatches:\n- path: nope.yaml\n", "deploy.yaml": deployment],
            file: "kustomization.yaml", field: "patches[0].path", code: .missingFile),
        ErrorCase(
            name: "missing generator file",
            files: ["kustomization.yaml": "configMapGenerator:\n- name: app\n  files:\n  - nope.txt\n"],
            file: "kustomization.yaml", field: "configMapGenerator[0].files", code: .missingFile),
        ErrorCase(
            name: "replicas without matching workload",
            files: ["kustomization.yaml": "resources:\n- deploy.yaml\nreplicas:\n- name: other\n  count: 2\n", "deploy.yaml": deployment],
            file: "kustomization.yaml", field: "replicas[0]", code: .invalidField),
        ErrorCase(
            name: "non-string label value",
            files: ["kustomization.yaml": "resources:\n- deploy.yaml\ncommonLabels:\n  enabled: on\n", "deploy.yaml": deployment],
            file: "kustomization.yaml", field: "commonLabels.enabled", code: .invalidField),
    ]

    static func write(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kustomize-error-\(UUID().uuidString.prefix(8))")
        for (path, contents) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        return root.standardizedFileURL.path
    }

    @Test(arguments: cases)
    func errorNamesFileAndField(_ errorCase: ErrorCase) async throws {
        let root = try Self.write(errorCase.files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let reference = try await DifferentialTests.kubectlKustomize(root)
        #expect(reference.status != 0, "kubectl kustomize accepted the broken kustomization")
        // Nothing is produced (so nothing can be applied): build throws instead of returning.
        do {
            let built = try await Kustomizer().build(directory: root)
            Issue.record("expected an error, got \(built.count) objects")
        } catch {
            #expect(error.code == errorCase.code)
            #expect(error.file.hasSuffix(errorCase.file), "error names \(error.file)")
            #expect(error.field == errorCase.field)
            #expect(error.description.contains(errorCase.file))
            #expect(error.description.contains(errorCase.field))
        }
    }

    @Test func remoteResourcesAreRefused() async throws {
        let root = try Self.write(["kustomization.yaml": "resources:\n- https://github.com/example/repo//deploy?ref=v1\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        await #expect {
            try await Kustomizer().build(directory: root)
        } throws: { error in
            guard let error = error as? KustomizeError else { return false }
            return error.code == .remoteResource && error.field == "resources[0]"
                && error.file.hasSuffix("kustomization.yaml")
        }
    }

    /// Enabled, a remote base is fetched (RemoteResourceTests); one that cannot be cloned is an
    /// error naming the file, the field, the URL and git's own message.
    @Test func enabledRemoteResourceThatCannotBeClonedIsAClearError() async throws {
        let url = "file:///nonexistent-swiftflux-repository/repo.git//deploy?ref=v1"
        let root = try Self.write(["kustomization.yaml": "resources:\n- \(url)\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        await #expect {
            try await Kustomizer(allowRemoteResources: true).build(directory: root)
        } throws: { error in
            guard let error = error as? KustomizeError else { return false }
            return error.code == .remoteResource && error.field == "resources[0]"
                && error.file.hasSuffix("kustomization.yaml") && error.message.contains("'\(url)'")
                && error.message.contains("does not appear to be a git repository")
        }
    }
}

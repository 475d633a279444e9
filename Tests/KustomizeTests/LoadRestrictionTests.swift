import Foundation
import Kustomize
import Testing

/// kustomize's default load restrictor: every file a kustomization reads must lie (symlinks
/// resolved) in or below its own directory. Each case reaches a file outside — by `../`, by
/// an absolute path, by a symlink — through one kind of reference; `kubectl kustomize`
/// refuses every one, and so must the native renderer, naming the file and field.
@Suite struct LoadRestrictionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// Files under the case root; the kustomization built is `app/`. `OUT` in contents is
        /// replaced by the absolute path of `outside/`.
        var files: [String: String]
        /// Symlinks (path → target, both relative to the case root).
        var links: [String: String] = [:]
        var field: String
        var file = "app/kustomization.yaml"
        var testDescription: String { name }
    }

    static let secret = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stolen\ndata:\n  token: s3cr3t\n"
    static let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n"
    static let outside: [String: String] = [
        "outside/secret.yaml": secret, "outside/token": "s3cr3t\n", "outside/app.env": "TOKEN=s3cr3t\n",
        "outside/patch.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 9\n",
        "outside/ops.yaml": "- op: replace\n  path: /spec/replicas\n  value: 9\n",
        "outside/crd.yaml": "{}\n", "outside/kustomization.yaml": "resources:\n- secret.yaml\n",
    ]

    static func app(_ kustomization: String, _ extra: [String: String] = [:]) -> [String: String] {
        var files = outside.merging(extra) { $1 }
        files["app/kustomization.yaml"] = kustomization
        files["app/deploy.yaml"] = deployment
        return files
    }

    static let cases: [Case] = [
        Case(name: "resource by ../", files: app("resources:\n- ../outside/secret.yaml\n"), field: "resources[0]"),
        Case(name: "resource by absolute path", files: app("resources:\n- OUT/secret.yaml\n"), field: "resources[0]"),
        Case(
            name: "resource by symlink", files: app("resources:\n- link.yaml\n"),
            links: ["app/link.yaml": "outside/secret.yaml"], field: "resources[0]"),
        Case(
            name: "resource through a symlinked directory", files: app("resources:\n- dir/secret.yaml\n"),
            links: ["app/dir": "outside"], field: "resources[0]"),
        Case(
            name: "configMapGenerator files",
            files: app("configMapGenerator:\n- name: c\n  files:\n  - ../outside/token\n"),
            field: "configMapGenerator[0].files"),
        Case(
            name: "configMapGenerator files with a key",
            files: app("configMapGenerator:\n- name: c\n  files:\n  - t=OUT/token\n"), field: "configMapGenerator[0].files"),
        Case(
            name: "configMapGenerator envs", files: app("configMapGenerator:\n- name: c\n  envs:\n  - ../outside/app.env\n"),
            field: "configMapGenerator[0].envs"),
        Case(
            name: "secretGenerator files by symlink", files: app("secretGenerator:\n- name: s\n  files:\n  - token\n"),
            links: ["app/token": "outside/token"], field: "secretGenerator[0].files"),
        Case(
            name: "patches path", files: app("resources:\n- deploy.yaml\npatches:\n- path: ../outside/patch.yaml\n"),
            field: "patches[0].path"),
        Case(
            name: "json6902 patch path",
            files: app(
                "resources:\n- deploy.yaml\npatches:\n- path: OUT/ops.yaml\n  target:\n    kind: Deployment\n"),
            field: "patches[0].path"),
        Case(
            name: "patchesJson6902 path",
            files: app(
                "resources:\n- deploy.yaml\npatchesJson6902:\n- path: ../outside/ops.yaml\n  target:\n    version: v1\n    group: apps\n    kind: Deployment\n    name: web\n"
            ),
            field: "patchesJson6902[0].path"),
        Case(
            name: "patchesStrategicMerge file",
            files: app("resources:\n- deploy.yaml\npatchesStrategicMerge:\n- ../outside/patch.yaml\n"),
            field: "patchesStrategicMerge[0]"),
        Case(name: "crds", files: app("crds:\n- ../outside/crd.yaml\n"), field: "crds[0]"),
        Case(
            name: "configurations", files: app("resources:\n- deploy.yaml\nconfigurations:\n- ../outside/crd.yaml\n"),
            field: "configurations[0]"),
        Case(
            name: "replacements path",
            files: app("resources:\n- deploy.yaml\nreplacements:\n- path: ../outside/ops.yaml\n"), field: "replacements[0].path"),
        Case(name: "openapi path", files: app("openapi:\n  path: OUT/crd.yaml\n"), field: "openapi.path"),
        Case(
            name: "transformers file", files: app("resources:\n- deploy.yaml\ntransformers:\n- ../outside/ops.yaml\n"),
            field: "transformers[0]"),
        Case(
            name: "generators file by symlink", files: app("generators:\n- gen.yaml\n"), links: ["app/gen.yaml": "outside/ops.yaml"],
            field: "generators[0]"),
        Case(
            name: "kustomization file is a symlink", files: app("resources: []\n").filter { $0.key != "app/kustomization.yaml" },
            links: ["app/kustomization.yaml": "outside/kustomization.yaml"], field: ""),
        Case(
            name: "base reads above its own directory",
            files: app(
                "resources:\n- base\n",
                ["app/base/kustomization.yaml": "resources:\n- ../deploy.yaml\n"]),
            field: "resources[0]", file: "app/base/kustomization.yaml"),
        Case(
            name: "component reads above its own directory",
            files: app(
                "resources:\n- deploy.yaml\ncomponents:\n- comp\n",
                [
                    "app/comp/kustomization.yaml":
                        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nconfigMapGenerator:\n- name: c\n  files:\n  - ../../outside/token\n"
                ]),
            field: "configMapGenerator[0].files", file: "app/comp/kustomization.yaml"),
    ]

    static func write(_ testCase: Case) throws -> String {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("kustomize-restrict-\(UUID().uuidString.prefix(8))").standardizedFileURL
        let outside = root.appendingPathComponent("outside").path
        for (path, contents) in testCase.files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.replacingOccurrences(of: "OUT", with: outside).write(to: url, atomically: true, encoding: .utf8)
        }
        for (path, target) in testCase.links {
            try FileManager.default.createSymbolicLink(
                atPath: root.appendingPathComponent(path).path, withDestinationPath: root.appendingPathComponent(target).path)
        }
        return root.path
    }

    @Test(arguments: cases)
    func refusedLikeKubectl(_ testCase: Case) async throws {
        let root = try Self.write(testCase)
        defer { try? FileManager.default.removeItem(atPath: root) }  // deliberate: best-effort cleanup
        let app = root + "/app"
        let reference = try await DifferentialTests.kubectlKustomize(app)
        #expect(reference.status != 0, "kubectl kustomize accepted it: \(reference.output)")
        do {
            let built = try await Kustomizer().build(directory: app)
            Issue.record("expected a refusal, got \(built.count) objects")
        } catch {
            #expect(error.code == .loadRestriction, "\(error)")
            #expect(error.file.hasSuffix(testCase.file), "error names \(error.file)")
            if !testCase.field.isEmpty { #expect(error.field == testCase.field, "\(error)") }
            #expect(!error.description.contains("s3cr3t"))
        }
    }

    /// Directories are not files: a base or component outside the directory is fine (it reads
    /// its own files), in kustomize and here.
    @Test func basesOutsideTheDirectoryAreAllowed() async throws {
        let files = Self.app("resources:\n- ../outside\n- deploy.yaml\n")
        let root = try Self.write(Case(name: "base", files: files, field: ""))
        defer { try? FileManager.default.removeItem(atPath: root) }  // deliberate: best-effort cleanup
        let reference = try await DifferentialTests.kubectlKustomize(root + "/app")
        try #require(reference.status == 0, "\(reference.error)")
        #expect(try await Kustomizer().render(directory: root + "/app") == reference.output)
    }
}

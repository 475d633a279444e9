import Foundation
import Kustomize
import Testing

/// Refusals of the fields beyond the basics (replacements, vars, plugins, buildMetadata,
/// configurations, misspellings): `kubectl kustomize` refuses each input too, and the native
/// error names the kustomization file and the field.
@Suite struct FieldErrorTests {
    typealias ErrorCase = ErrorTests.ErrorCase

    static let resources = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: conf
        data:
          host: db
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: other
        ---
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

    static func kustomization(_ text: String) -> [String: String] {
        ["kustomization.yaml": "resources:\n- r.yaml\n" + text, "r.yaml": resources]
    }

    static let cases: [ErrorCase] = [
        ErrorCase(
            name: "replacement source selects nothing",
            files: kustomization(
                "replacements:\n- source:\n    kind: Secret\n  targets:\n  - select:\n      kind: Deployment\n    fieldPaths: [metadata.name]\n"
            ),
            file: "kustomization.yaml", field: "replacements[0].source", code: .invalidField),
        ErrorCase(
            name: "replacement source selects several",
            files: kustomization(
                "replacements:\n- source:\n    kind: ConfigMap\n  targets:\n  - select:\n      kind: Deployment\n    fieldPaths: [metadata.name]\n"
            ),
            file: "kustomization.yaml", field: "replacements[0].source", code: .invalidField),
        ErrorCase(
            name: "replacement source field missing",
            files: kustomization(
                "replacements:\n- source:\n    kind: ConfigMap\n    name: conf\n    fieldPath: data.nope\n  targets:\n  - select:\n      kind: Deployment\n"
            ),
            file: "kustomization.yaml", field: "replacements[0].source.fieldPath", code: .invalidField),
        ErrorCase(
            name: "replacement target field missing",
            files: kustomization(
                "replacements:\n- source:\n    kind: ConfigMap\n    name: conf\n    fieldPath: data.host\n  targets:\n  - select:\n      kind: Deployment\n    fieldPaths:\n    - spec.template.spec.containers.[name=nope].image\n"
            ),
            file: "kustomization.yaml", field: "replacements[0].targets", code: .invalidField),
        ErrorCase(
            name: "replacement index out of bounds",
            files: kustomization(
                "replacements:\n- source:\n    kind: ConfigMap\n    name: conf\n    fieldPath: data.host\n    options:\n      delimiter: '.'\n      index: 3\n  targets:\n  - select:\n      kind: Deployment\n"
            ),
            file: "kustomization.yaml", field: "replacements[0].source.options.index", code: .invalidField),
        ErrorCase(
            name: "replacement without targets",
            files: kustomization("replacements:\n- source:\n    kind: ConfigMap\n    name: conf\n"),
            file: "kustomization.yaml", field: "replacements[0]", code: .invalidField),
        ErrorCase(
            name: "unknown replacement field",
            files: kustomization(
                "replacements:\n- source:\n    kind: ConfigMap\n    name: conf\n    fieldPat: data.host\n  targets:\n  - select:\n      kind: Deployment\n"
            ),
            file: "kustomization.yaml", field: "replacements[0].source.fieldPat", code: .unknownField),
        ErrorCase(
            name: "var objref matches nothing",
            files: kustomization("vars:\n- name: X\n  objref:\n    apiVersion: v1\n    kind: Service\n    name: nope\n"),
            file: "kustomization.yaml", field: "vars[0]", code: .invalidField),
        ErrorCase(
            name: "var declared twice across bases",
            files: [
                "kustomization.yaml": "resources:\n- a\n- b\n",
                "a/kustomization.yaml":
                    "resources:\n- r.yaml\nvars:\n- name: X\n  objref:\n    apiVersion: v1\n    kind: ConfigMap\n    name: conf\n",
                "a/r.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\n",
                "b/kustomization.yaml":
                    "resources:\n- r.yaml\nvars:\n- name: X\n  objref:\n    apiVersion: v1\n    kind: ConfigMap\n    name: conf2\n",
                "b/r.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf2\n",
            ],
            file: "b/kustomization.yaml", field: "vars[0]", code: .invalidField),
        ErrorCase(
            name: "exec KRM function transformer",
            files: kustomization("transformers:\n- fn.yaml\n").merging([
                "fn.yaml":
                    "apiVersion: example.com/v1\nkind: Setter\nmetadata:\n  name: s\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ./setter.sh\n"
            ]) { $1 },
            file: "kustomization.yaml", field: "transformers[0]", code: .unsupported),
        ErrorCase(
            name: "legacy Go plugin transformer",
            files: kustomization("transformers:\n- plugin.yaml\n").merging([
                "plugin.yaml": "apiVersion: someteam.example.com/v1\nkind: ChartInflator\nmetadata:\n  name: x\n"
            ]) { $1 },
            file: "kustomization.yaml", field: "transformers[0]", code: .unsupported),
        ErrorCase(
            name: "helm chart inflation",
            files: kustomization("helmCharts:\n- name: nginx\n  repo: https://charts.example.com\n  version: 1.0.0\n"),
            file: "kustomization.yaml", field: "helmCharts", code: .unsupported),
        ErrorCase(
            name: "unknown field in a var",
            files: kustomization("vars:\n- name: X\n  objref:\n    apiVersion: v1\n    kind: ConfigMap\n    name: conf\n  fieldRef2: {}\n"),
            file: "kustomization.yaml", field: "vars[0].fieldRef2", code: .unknownField),
        ErrorCase(
            name: "missing configurations file",
            files: kustomization("configurations:\n- nope.yaml\n"),
            file: "kustomization.yaml", field: "configurations[0]", code: .missingFile),
        ErrorCase(
            name: "unknown key in configurations file",
            files: kustomization("configurations:\n- c.yaml\n").merging(["c.yaml": "nameRefrence:\n- kind: X\n"]) { $1 },
            file: "c.yaml", field: "nameRefrence", code: .unknownField),
        ErrorCase(
            name: "component listed as a resource",
            files: [
                "kustomization.yaml": "resources:\n- comp\n",
                "comp/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: []\n",
            ],
            file: "kustomization.yaml", field: "resources[0]", code: .invalidField),
        ErrorCase(
            name: "kustomization listed as a component",
            files: ["kustomization.yaml": "components:\n- base\n", "base/kustomization.yaml": "resources: []\n"],
            file: "kustomization.yaml", field: "components[0]", code: .invalidField),
        ErrorCase(
            name: "file listed as a component",
            files: kustomization("components:\n- r.yaml\n"),
            file: "kustomization.yaml", field: "components[0]", code: .missingFile),
        ErrorCase(
            name: "component with a Kustomization apiVersion",
            files: [
                "kustomization.yaml": "components:\n- comp\n",
                "comp/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Component\nresources: []\n",
            ],
            file: "comp/kustomization.yaml", field: "apiVersion", code: .invalidField),
        ErrorCase(
            name: "two components add the same resource",
            files: [
                "kustomization.yaml": "components:\n- a\n- b\n",
                "a/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n- p.yaml\n",
                "a/p.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: proxy\n",
                "b/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n- p.yaml\n",
                "b/p.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: proxy\n",
            ],
            file: "b/kustomization.yaml", field: "resources[0]", code: .duplicateResource),
        ErrorCase(
            name: "unknown kind of kustomization",
            files: ["kustomization.yaml": "kind: Foo\nresources: []\n"],
            file: "kustomization.yaml", field: "kind", code: .invalidField),
        ErrorCase(
            name: "generator repeats a key",
            files: ["kustomization.yaml": "configMapGenerator:\n- name: c\n  literals: [a=1, a=2]\n"],
            file: "kustomization.yaml", field: "configMapGenerator[0]", code: .invalidField),
        ErrorCase(
            name: "ambiguous var",
            files: [
                "kustomization.yaml":
                    "resources:\n- r.yaml\nvars:\n- name: X\n  objref:\n    apiVersion: v1\n    kind: Service\n    name: s\n",
                "r.yaml":
                    "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: a\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: b\n",
            ],
            file: "kustomization.yaml", field: "vars[0]", code: .invalidField),
        ErrorCase(
            name: "infinite number in a resource",
            files: [
                "kustomization.yaml": "resources:\n- r.yaml\n",
                "r.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    x: y\nspec:\n  limit: .inf\n",
            ],
            file: "r.yaml", field: "resources[0]", code: .invalidYAML),
        ErrorCase(
            name: "replacement target path with a bracket but no value",
            files: kustomization(
                "replacements:\n- source:\n    kind: ConfigMap\n    name: conf\n    fieldPath: data.host\n  targets:\n  - select:\n      kind: Deployment\n    fieldPaths:\n    - spec.template.spec.containers.[name].image\n"
            ),
            file: "kustomization.yaml", field: "replacements[0].targets", code: .invalidField),
        ErrorCase(
            name: "json patch replacing below a missing path",
            files: kustomization(
                "patches:\n- target:\n    kind: Deployment\n  patch: '[{\"op\": \"replace\", \"path\": \"/spec/a/b\", \"value\": 1}]'\n"),
            file: "kustomization.yaml", field: "patches[0]", code: .invalidPatch),
        ErrorCase(
            name: "component cycle",
            files: [
                "kustomization.yaml": "components:\n- a\n",
                "a/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncomponents:\n- ../b\n",
                "b/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncomponents:\n- ../a\n",
            ],
            file: "b/kustomization.yaml", field: "components[0]", code: .cycle),
        ErrorCase(
            name: "strategic merge patch without kind and name",
            files: kustomization("patches:\n- target:\n    kind: Deployment\n  patch: '{\"spec\":{\"replicas\":2}}'\n"),
            file: "kustomization.yaml", field: "patches[0]", code: .invalidPatch),
        ErrorCase(
            name: "strategic merge patch without a name",
            files: kustomization(
                "patches:\n- target:\n    kind: Deployment\n  patch: '{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":{\"replicas\":2}}'\n"
            ),
            file: "kustomization.yaml", field: "patches[0]", code: .invalidPatch),
        ErrorCase(
            name: "openapi with both path and version",
            files: kustomization("openapi:\n  path: schema.json\n  version: v1.21.2\n").merging(["schema.json": "{\"definitions\": {}}\n"])
            { $1 },
            file: "kustomization.yaml", field: "openapi", code: .invalidField),
    ]

    @Test(arguments: cases)
    func refusedLikeKubectl(_ errorCase: ErrorCase) async throws {
        let root = try ErrorTests.write(errorCase.files)
        defer { try? FileManager.default.removeItem(atPath: root) }  // deliberate: best-effort cleanup
        let reference = try await DifferentialTests.kubectlKustomize(root)
        #expect(reference.status != 0, "kubectl kustomize accepted it:\n\(reference.output)")
        do {
            let built = try await Kustomizer().build(directory: root)
            Issue.record("expected an error, got \(built.count) objects")
        } catch {
            #expect(error.code == errorCase.code, "\(error)")
            #expect(error.file.hasSuffix(errorCase.file), "error names \(error.file)")
            #expect(error.field == errorCase.field, "\(error)")
            #expect(error.description.contains(errorCase.field))
        }
    }
}

import CommandRunner
import EmbeddedCluster
import Foundation
import KubernetesClient
import KubernetesModel
import Logging
import TestSupport
import Testing

/// `fluxctl install` end to end: the real fluxctl binary's output applied with real kubectl
/// (client-side and server-side) to an embedded cluster, then every object read back.
@Suite(.serialized) struct InstallTests {
    static var fluxctl: String { Tools.productsDirectory() + "/fluxctl" }

    static let requiredFlags = ["--git-url", "git@github.com:org/cluster", "--git-email", "flux@example.com"]

    /// An empty embedded cluster, its kubeconfig for kubectl and a client for checks.
    static func withCluster(_ body: (String, KubernetesClient) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-install")
        defer { directory.remove() }
        var logger = Logger(label: "embedded")
        logger.logLevel = .warning
        try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(logger: logger)) { running in
            let kubeconfig = directory.path + "/kubeconfig"
            try running.writeKubeconfig(to: kubeconfig)
            try await KubernetesClient.withClient(try KubeConfig.load(kubeconfigPath: kubeconfig), logger: logger) { client in
                try await body(kubeconfig, client)
            }
        }
    }

    static func install(_ arguments: [String]) async throws -> CommandResult {
        try await Command.run(fluxctl, arguments: ["install"] + arguments, timeout: .seconds(60))
    }

    static func kubectl(_ kubeconfig: String, _ arguments: [String], input: String? = nil) async throws -> CommandResult {
        try await Command.run(
            try Tools.kubectl(), arguments: ["--kubeconfig", kubeconfig] + arguments, input: input, timeout: .seconds(120))
    }

    /// Every field of `desired` is in `live` with the same value (the server adds defaults).
    static func isSubset(_ desired: JSONValue, of live: JSONValue?) -> Bool {
        guard let live else { return false }
        switch (desired, live) {
        case (.object(let wanted), .object(let have)):
            return wanted.allSatisfy { key, value in isSubset(value, of: have[key]) }
        case (.array(let wanted), .array(let have)):
            return wanted.count == have.count && zip(wanted, have).allSatisfy { isSubset($0, of: $1) }
        default:
            return desired == live
        }
    }

    /// Reads each rendered object back from the cluster and checks it holds every rendered field.
    static func expectInCluster(_ objects: [JSONValue], client: KubernetesClient) async throws {
        #expect(objects.count == 9)
        for object in objects {
            let gvk = try #require(object.groupVersionKind)
            let live = try await client.get(gvk, namespace: object.namespace, name: try #require(object.name))
            #expect(isSubset(object, of: live), "\(gvk.kind) \(object.name ?? "?") differs: \(live)")
        }
    }

    @Test func theYAMLStreamAppliesWithKubectlClientSideAndServerSide() async throws {
        let result = try await Self.install(
            Self.requiredFlags + [
                "--namespace", "gitops", "--git-branch", "main", "--git-path", "apps", "--git-path", "infra,crds",
                "--git-readonly", "--git-user", "Cluster Bot", "--image", "registry.example.com/fluxd:test",
            ])
        #expect(result.succeeded, "\(result.standardError)")
        let objects = try JSONValue.yamlDocuments(result.standardOutput).map(\.value)
        try await Self.withCluster { kubeconfig, client in
            let applied = try await Self.kubectl(kubeconfig, ["apply", "-f", "-"], input: result.standardOutput)
            #expect(applied.succeeded, "\(applied.standardError)")
            for line in [
                "namespace/gitops created", "serviceaccount/flux created",
                "clusterrole.rbac.authorization.k8s.io/flux-gitops created",
                "clusterrolebinding.rbac.authorization.k8s.io/flux-gitops created",
                "role.rbac.authorization.k8s.io/flux created", "rolebinding.rbac.authorization.k8s.io/flux created",
                "secret/flux-git-deploy created", "deployment.apps/flux created", "service/flux created",
            ] {
                #expect(applied.standardOutput.contains(line), "missing \"\(line)\" in:\n\(applied.standardOutput)")
            }
            try await Self.expectInCluster(objects, client: client)

            // Taking the objects over with server-side apply changes nothing.
            let serverSide = try await Self.kubectl(kubeconfig, ["apply", "--server-side", "-f", "-"], input: result.standardOutput)
            #expect(serverSide.succeeded, "\(serverSide.standardError)")
            #expect(serverSide.standardOutput.contains("deployment.apps/flux serverside-applied"), "\(serverSide.standardOutput)")
            try await Self.expectInCluster(objects, client: client)

            let args = try await Self.kubectl(
                kubeconfig,
                ["get", "deployment", "flux", "-n", "gitops", "-o", "jsonpath={.spec.template.spec.containers[0].args}"])
            #expect(args.succeeded, "\(args.standardError)")
            for flag in ["--git-url=git@github.com:org/cluster", "--git-branch=main", "--git-path=apps,infra,crds", "--git-readonly"] {
                #expect(args.standardOutput.contains(flag), "\(args.standardOutput)")
            }
            let serviceAccount = try await Self.kubectl(
                kubeconfig, ["get", "deployment", "flux", "-n", "gitops", "-o", "jsonpath={.spec.template.spec.serviceAccountName}"])
            #expect(serviceAccount.standardOutput == "flux")
        }
    }

    @Test func theOutputDirectoryAppliesAsADirectoryOnAnEmptyCluster() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-install-out")
        defer { directory.remove() }
        let output = directory.path + "/flux"
        let result = try await Self.install(Self.requiredFlags + ["-o", output, "--add-security-context=false"])
        #expect(result.succeeded, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty, "with --output-dir nothing is printed")
        let files = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
        #expect(files.count == 9)
        #expect(files.first == "00-flux-namespace.yaml")
        #expect(files.contains("07-flux-deployment.yaml"))
        var objects: [JSONValue] = []
        for file in files {
            let documents = try JSONValue.yamlDocuments(try String(contentsOfFile: output + "/" + file, encoding: .utf8))
            #expect(documents.count == 1, "\(file)")
            objects += documents.map(\.value)
        }
        let deployment = try #require(objects.first { $0.kind == "Deployment" })
        #expect(deployment[path: ["spec", "template", "spec", "securityContext"]] == nil)
        try await Self.withCluster { kubeconfig, client in
            // kubectl applies a directory's files in name order: the Namespace must come first.
            let applied = try await Self.kubectl(kubeconfig, ["apply", "-f", output])
            #expect(applied.succeeded, "\(applied.standardError)")
            try await Self.expectInCluster(objects, client: client)
            let serverSide = try await Self.kubectl(kubeconfig, ["apply", "--server-side", "-f", output])
            #expect(serverSide.succeeded, "\(serverSide.standardError)")
            let names = try await Self.kubectl(kubeconfig, ["get", "deployment,service,secret,serviceaccount", "-n", "flux", "-o", "name"])
            #expect(names.succeeded, "\(names.standardError)")
            for name in ["deployment.apps/flux", "service/flux", "secret/flux-git-deploy", "serviceaccount/flux"] {
                #expect(names.standardOutput.contains(name), "\(names.standardOutput)")
            }
        }
    }

    @Test func reapplyingKeepsTheDeployKeyFluxdWrote() async throws {
        let result = try await Self.install(Self.requiredFlags)
        #expect(result.succeeded, "\(result.standardError)")
        try await Self.withCluster { kubeconfig, client in
            let applied = try await Self.kubectl(kubeconfig, ["apply", "-f", "-"], input: result.standardOutput)
            #expect(applied.succeeded, "\(applied.standardError)")
            // What fluxd does at its first start (Bootstrap.deployKey): apply the key as manager "flux".
            let key: JSONValue = [
                "apiVersion": "v1", "kind": "Secret",
                "metadata": ["name": "flux-git-deploy", "namespace": "flux"],
                "data": ["identity": "a2V5"],
            ]
            _ = try await client.apply(key, fieldManager: "flux", force: true)
            let secretGVK = GroupVersionKind(group: "", version: "v1", kind: "Secret")
            for arguments in [["apply", "-f", "-"], ["apply", "--server-side", "-f", "-"], ["apply", "-f", "-"]] {
                let again = try await Self.kubectl(kubeconfig, arguments, input: result.standardOutput)
                #expect(again.succeeded, "\(arguments): \(again.standardError)")
                let secret = try await client.get(secretGVK, namespace: "flux", name: "flux-git-deploy")
                #expect(secret[path: ["data", "identity"]]?.stringValue == "a2V5", "\(arguments) cleared the key: \(secret)")
            }
        }
    }

    @Test func missingRequiredFlagsFailWithAClearMessageAndNoOutput() async throws {
        let noURL = try await Self.install(["--git-email", "flux@example.com"])
        #expect(!noURL.succeeded)
        #expect(noURL.standardError.contains("--git-url is required"), "\(noURL.standardError)")
        #expect(noURL.standardOutput.isEmpty)
        let noEmail = try await Self.install(["--git-url", "git@github.com:org/cluster"])
        #expect(!noEmail.succeeded)
        #expect(noEmail.standardError.contains("--git-email is required"), "\(noEmail.standardError)")
        #expect(noEmail.standardOutput.isEmpty)
        let badNamespace = try await Self.install(Self.requiredFlags + ["--namespace", "Not_Valid"])
        #expect(!badNamespace.succeeded)
        #expect(badNamespace.standardError.contains("--namespace"), "\(badNamespace.standardError)")
    }

    /// The hardened pod as the cluster stores it (kubectl apply, read back with kubectl):
    /// every security setting, the probes, the resources, and that each place fluxd writes
    /// (TMPDIR, HOME, --state-dir) is an emptyDir while every other mount is read-only.
    @Test func theAppliedDeploymentKeepsEverySecuritySetting() async throws {
        let result = try await Self.install(Self.requiredFlags)
        #expect(result.succeeded, "\(result.standardError)")
        try await Self.withCluster { kubeconfig, _ in
            let applied = try await Self.kubectl(kubeconfig, ["apply", "-f", "-"], input: result.standardOutput)
            #expect(applied.succeeded, "\(applied.standardError)")
            let read = try await Self.kubectl(kubeconfig, ["get", "deployment", "flux", "-n", "flux", "-o", "json"])
            #expect(read.succeeded, "\(read.standardError)")
            let deployment = try JSONValue(parsing: read.standardOutput)
            let pod = try #require(deployment[path: ["spec", "template", "spec"]])
            let container = try #require(pod["containers"]?.arrayValue?.first)

            #expect(pod[path: ["securityContext", "runAsNonRoot"]] == true)
            #expect(pod[path: ["securityContext", "runAsUser"]]?.intValue == 65532)
            #expect(pod[path: ["securityContext", "seccompProfile", "type"]]?.stringValue == "RuntimeDefault")
            let security = try #require(container["securityContext"])
            #expect(security["runAsNonRoot"] == true)
            #expect(security["runAsUser"]?.intValue == 65532)
            #expect(security["readOnlyRootFilesystem"] == true)
            #expect(security["allowPrivilegeEscalation"] == false)
            #expect(security[path: ["capabilities", "drop"]] == ["ALL"])
            #expect(security[path: ["capabilities", "add"]] == nil)
            #expect(security["privileged"] == nil || security["privileged"] == false)
            #expect(security[path: ["seccompProfile", "type"]]?.stringValue == "RuntimeDefault")

            #expect(container[path: ["livenessProbe", "httpGet", "path"]]?.stringValue == "/healthz")
            #expect(container[path: ["readinessProbe", "httpGet", "path"]]?.stringValue == "/readyz")
            for probe in ["livenessProbe", "readinessProbe"] {
                #expect(container[path: [probe, "httpGet", "port"]]?.stringValue == "metrics", "\(probe)")
            }
            #expect(container["args"]?.arrayValue?.contains("--listen-metrics=:3031") == true)
            for bound in ["requests", "limits"] {
                for resource in ["cpu", "memory"] {
                    #expect(container[path: ["resources", bound, resource]]?.stringValue != nil, "\(bound).\(resource)")
                }
            }

            // Where fluxd writes, from the container's own environment and arguments.
            let environment = Dictionary(
                (container["env"]?.arrayValue ?? []).compactMap { entry -> (String, String)? in
                    guard let name = entry["name"]?.stringValue, let value = entry["value"]?.stringValue else { return nil }
                    return (name, value)
                }, uniquingKeysWith: { first, _ in first })
            let stateDirectory = (container["args"]?.arrayValue ?? []).compactMap(\.stringValue)
                .first { $0.hasPrefix("--state-dir=") }.map { String($0.dropFirst("--state-dir=".count)) }
            let writablePaths = [environment["TMPDIR"], environment["HOME"], stateDirectory]
            #expect(writablePaths == ["/tmp", "/home/flux", "/var/lib/fluxd"])
            let volumes = Dictionary(
                (pod["volumes"]?.arrayValue ?? []).compactMap { volume in volume["name"]?.stringValue.map { ($0, volume) } },
                uniquingKeysWith: { first, _ in first })
            let mounts = container["volumeMounts"]?.arrayValue ?? []
            for path in writablePaths.compactMap({ $0 }) {
                let mount = mounts.first { $0["mountPath"]?.stringValue == path }
                let volume = mount?["name"]?.stringValue.flatMap { volumes[$0] }
                #expect(volume?["emptyDir"] != nil, "\(path) must be an emptyDir: \(String(describing: volume))")
            }
            for mount in mounts where !writablePaths.contains(mount["mountPath"]?.stringValue) {
                #expect(mount["readOnly"] == true, "only fluxd's emptyDirs are writable: \(mount)")
            }
            // The deploy key is mounted read-only, readable by the pod's group only.
            let keyMount = mounts.first { $0["mountPath"]?.stringValue == "/etc/fluxd/ssh" }
            let keyVolume = try #require(keyMount?["name"]?.stringValue.flatMap { volumes[$0] })
            #expect(keyVolume[path: ["secret", "secretName"]]?.stringValue == "flux-git-deploy")
            #expect(keyVolume[path: ["secret", "defaultMode"]]?.intValue == 0o400)
        }
    }

    @Test func theDefaultImageIsTheCLIsVersion() async throws {
        let version = try await Command.run(Self.fluxctl, arguments: ["version", "--client"], timeout: .seconds(30))
        #expect(version.succeeded, "\(version.standardError)")
        let result = try await Self.install(Self.requiredFlags)
        #expect(result.succeeded, "\(result.standardError)")
        let deployment = try #require(try JSONValue.yamlDocuments(result.standardOutput).map(\.value).first { $0.kind == "Deployment" })
        let image = try #require(deployment[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["image"]?.stringValue)
        #expect(image.hasPrefix("ghcr.io/swiftflux/swiftflux:"))
        let tag = String(image.dropFirst("ghcr.io/swiftflux/swiftflux:".count))
        #expect(!tag.isEmpty && version.standardOutput.contains(tag), "\(image) vs \(version.standardOutput)")
    }
}

import Foundation
import KubernetesModel
import TestSupport
import Testing

@testable import FluxInstall

@Suite struct InstallManifestsTests {
    @Test func rendersEveryObjectInApplyOrderWithOneFilePerObject() throws {
        let manifests = try InstallManifests.render(parameters())
        #expect(
            manifests.map { $0.object.kind ?? "" } == [
                "Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Secret",
                "Deployment", "Service",
            ])
        #expect(
            manifests.map(\.fileName) == [
                "00-flux-namespace.yaml", "01-flux-serviceaccount.yaml", "02-flux-clusterrole.yaml",
                "03-flux-clusterrolebinding.yaml", "04-flux-role.yaml", "05-flux-rolebinding.yaml",
                "06-flux-secret.yaml", "07-flux-deployment.yaml", "08-flux-service.yaml",
            ])
        // Sorting the names gives the apply order (kubectl apply -f DIR reads files sorted).
        #expect(manifests.map(\.fileName).sorted() == manifests.map(\.fileName))
    }

    @Test func defaultsMatchFluxV1ExceptTheNamespace() throws {
        let objects = try render()
        let deployment = try objects.only("Deployment")
        #expect(deployment.namespace == "flux")
        #expect(
            deployment.arguments == [
                "--git-url=git@github.com:org/cluster", "--git-branch=master", "--git-label=flux", "--git-user=Flux",
                "--git-email=flux@example.com", "--k8s-secret-name=flux-git-deploy", "--state-dir=/var/lib/fluxd",
                "--listen=:3030", "--listen-metrics=:3031",
            ])
        #expect(deployment.fluxContainer?["image"]?.stringValue == "ghcr.io/swiftflux/swiftflux:1.2.3")
    }

    @Test func everyFlagIsReflectedInTheArguments() throws {
        let deployment = try render { parameters in
            parameters.gitURL = "ssh://git@git.example.com:2222/org/repo.git"
            parameters.gitBranch = "main"
            parameters.gitPaths = ["namespaces,workloads", " apps/web ", ""]
            parameters.gitLabel = "cluster-a-sync"
            parameters.gitUser = "Cluster Bot"
            parameters.gitEmail = "bot@example.com"
            parameters.gitReadonly = true
            parameters.manifestGeneration = true
            parameters.registryDisableScanning = true
            parameters.image = "registry.example.com:5000/fluxd@sha256:" + String(repeating: "ab", count: 32)
        }.only("Deployment")
        #expect(
            deployment.arguments == [
                "--git-url=ssh://git@git.example.com:2222/org/repo.git", "--git-branch=main",
                "--git-path=namespaces,workloads,apps/web", "--git-label=cluster-a-sync", "--git-user=Cluster Bot",
                "--git-email=bot@example.com", "--git-readonly", "--manifest-generation", "--registry-exclude-image=*",
                "--k8s-secret-name=flux-git-deploy", "--state-dir=/var/lib/fluxd", "--listen=:3030",
                "--listen-metrics=:3031",
            ])
        #expect(deployment.fluxContainer?["image"]?.stringValue?.hasPrefix("registry.example.com:5000/fluxd@sha256:") == true)
    }

    @Test func theNamespaceIsUsedEverywhere() throws {
        let objects = try render { $0.namespace = "team-gitops" }
        #expect(try objects.only("Namespace").name == "team-gitops")
        for object in objects where !["Namespace", "ClusterRole", "ClusterRoleBinding"].contains(object.kind ?? "") {
            #expect(object.namespace == "team-gitops", "\(object.kind ?? "?") \(object.name ?? "?")")
        }
        for object in objects where ["Namespace", "ClusterRole", "ClusterRoleBinding"].contains(object.kind ?? "") {
            #expect(object.namespace == nil, "\(object.kind ?? "?") is cluster-scoped")
        }
        let binding = try objects.only("ClusterRoleBinding")
        #expect(binding.name == "flux-team-gitops")
        #expect(binding[path: ["roleRef", "name"]]?.stringValue == "flux-team-gitops")
        #expect(try objects.only("ClusterRole").name == "flux-team-gitops")
        for kind in ["ClusterRoleBinding", "RoleBinding"] {
            let subjects = try objects.only(kind)["subjects"]?.arrayValue ?? []
            #expect(subjects == [["kind": "ServiceAccount", "name": "flux", "namespace": "team-gitops"]], "\(kind)")
        }
        let namespaceRule = try objects.only("Role")["rules"]?.arrayValue?.first { $0["resources"]?.strings == ["namespaces"] }
        #expect(namespaceRule?["resourceNames"]?.strings == ["team-gitops"])
    }

    @Test func theDeploymentRunsFluxdTheWayTheBriefSays() throws {
        let deployment = try render().only("Deployment")
        #expect(deployment.labels == ["app": "flux", "name": "flux"])
        #expect(deployment[path: ["spec", "replicas"]]?.intValue == 1)
        #expect(deployment[path: ["spec", "strategy", "type"]]?.stringValue == "Recreate")
        #expect(deployment[path: ["spec", "selector", "matchLabels"]] == ["app": "flux", "name": "flux"])
        #expect(deployment[path: ["spec", "template", "metadata", "labels"]] == ["app": "flux", "name": "flux"])
        let pod = try #require(deployment[path: ["spec", "template", "spec"]])
        #expect(pod["serviceAccountName"]?.stringValue == "flux")
        #expect(pod["containers"]?.arrayValue?.count == 1)
        let container = try #require(deployment.fluxContainer)
        #expect(container["name"]?.stringValue == "flux")
        #expect(
            container["ports"] == [
                ["name": "api", "containerPort": 3030, "protocol": "TCP"],
                ["name": "metrics", "containerPort": 3031, "protocol": "TCP"],
            ])
        #expect(container[path: ["livenessProbe", "httpGet"]] == ["path": "/healthz", "port": "metrics"])
        #expect(container[path: ["readinessProbe", "httpGet"]] == ["path": "/readyz", "port": "metrics"])
        for bound in ["requests", "limits"] {
            #expect(container[path: ["resources", bound, "cpu"]]?.stringValue != nil, "\(bound)")
            #expect(container[path: ["resources", bound, "memory"]]?.stringValue != nil, "\(bound)")
        }
        let environment = container["env"]?.arrayValue ?? []
        #expect(
            environment.contains(["name": "POD_NAMESPACE", "valueFrom": ["fieldRef": ["fieldPath": "metadata.namespace"]]]))
        #expect(environment.contains(["name": "HOME", "value": "/home/flux"]))
        #expect(environment.contains(["name": "TMPDIR", "value": "/tmp"]))
        let volumes = pod["volumes"]?.arrayValue ?? []
        #expect(volumes.contains(["name": "git-key", "secret": ["secretName": "flux-git-deploy", "defaultMode": 256]]))
        let mounts = container["volumeMounts"]?.arrayValue ?? []
        #expect(mounts.contains(["name": "git-key", "mountPath": "/etc/fluxd/ssh", "readOnly": true]))
        // Every place fluxd writes (TMPDIR, HOME, --state-dir) is an emptyDir; nothing else is writable.
        for (name, path) in [("tmp", "/tmp"), ("home", "/home/flux"), ("state", "/var/lib/fluxd")] {
            #expect(volumes.contains(["name": .string(name), "emptyDir": [:]]), "\(name)")
            #expect(mounts.contains(["name": .string(name), "mountPath": .string(path)]), "\(path)")
        }
        #expect(volumes.count == 4 && mounts.count == 4)
        #expect(deployment.arguments.contains("--state-dir=/var/lib/fluxd"))
    }

    @Test func securityContextIsRestrictiveByDefaultAndAbsentWhenTurnedOff() throws {
        let secured = try render().only("Deployment")
        let container = try #require(secured.fluxContainer?["securityContext"])
        #expect(container["runAsNonRoot"] == true)
        #expect(container["runAsUser"]?.intValue == 65532)
        #expect(container["runAsGroup"]?.intValue == 65532)
        #expect(container["readOnlyRootFilesystem"] == true)
        #expect(container["allowPrivilegeEscalation"] == false)
        #expect(container[path: ["capabilities", "drop"]] == ["ALL"])
        #expect(container[path: ["seccompProfile", "type"]]?.stringValue == "RuntimeDefault")
        let pod = try #require(secured[path: ["spec", "template", "spec", "securityContext"]])
        #expect(pod["runAsNonRoot"] == true)
        #expect(pod["fsGroup"]?.intValue == 65532, "the deploy key (mode 0400) must be readable by the pod's group")
        #expect(pod[path: ["seccompProfile", "type"]]?.stringValue == "RuntimeDefault")

        let open = try render { $0.addSecurityContext = false }.only("Deployment")
        #expect(open.fluxContainer?["securityContext"] == nil)
        #expect(open[path: ["spec", "template", "spec", "securityContext"]] == nil)
        // Everything else is the same.
        var stripped = secured
        stripped.set(path: ["spec", "template", "spec", "securityContext"], to: nil)
        var container0 = try #require(stripped.fluxContainer)
        container0["securityContext"] = nil
        stripped.set(path: ["spec", "template", "spec", "containers"], to: [container0])
        #expect(stripped == open)
    }

    @Test func theServiceExposesTheNamedPorts() throws {
        let service = try render().only("Service")
        #expect(service.name == "flux")
        #expect(service[path: ["spec", "selector"]] == ["app": "flux", "name": "flux"])
        #expect(
            service[path: ["spec", "ports"]] == [
                ["name": "api", "port": 3030, "protocol": "TCP", "targetPort": "api"],
                ["name": "metrics", "port": 3031, "protocol": "TCP", "targetPort": "metrics"],
            ])
    }

    @Test func theDeployKeySecretIsOpaqueAndCarriesNoData() throws {
        let secret = try render().only("Secret")
        #expect(secret.name == "flux-git-deploy")
        #expect(secret["type"]?.stringValue == "Opaque")
        #expect(secret["data"] == nil, "re-applying must never clear the key fluxd generated")
        #expect(secret["stringData"] == nil)
    }

    @Test func theYAMLStreamParsesBackToTheObjects() throws {
        let manifests = try InstallManifests.render(parameters { $0.gitPaths = ["a", "b"] })
        let stream = InstallManifests.yamlStream(manifests)
        let documents = try JSONValue.yamlDocuments(stream).map(\.value)
        #expect(documents == manifests.map(\.object))
        #expect(stream.components(separatedBy: "\n---\n").count == manifests.count)
        #expect(stream.contains("defaultMode: 256"))
    }

    @Test func writesOneFilePerObject() throws {
        let directory = try TemporaryDirectory(prefix: "install-out")
        defer { directory.remove() }
        let manifests = try InstallManifests.render(parameters())
        let target = directory.path + "/nested/out"
        let paths = try InstallManifests.write(manifests, toDirectory: target)
        #expect(paths == manifests.map { target + "/" + $0.fileName })
        #expect(try FileManager.default.contentsOfDirectory(atPath: target).sorted() == manifests.map(\.fileName))
        for manifest in manifests {
            let text = try String(contentsOfFile: target + "/" + manifest.fileName, encoding: .utf8)
            #expect(try JSONValue(yaml: text) == manifest.object, "\(manifest.fileName)")
        }
    }

    @Test func writingIntoAFileFailsWithThePath() throws {
        let directory = try TemporaryDirectory(prefix: "install-out")
        defer { directory.remove() }
        let file = try directory.write("occupied", "not a directory")
        let error = #expect(throws: InstallError.self) {
            try InstallManifests.write(try InstallManifests.render(parameters()), toDirectory: file)
        }
        #expect(error?.code == .writeFailed)
        #expect(error?.description.contains(file) == true)
    }
}

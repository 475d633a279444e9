import Foundation
import ImagePolicy
import KubernetesModel
import TestSupport
import Testing

@testable import ImageAutomation
@testable import Registry

/// The pure parts: IDs, policy annotations, pod templates, scan planning, settings, ordering.
@Suite struct ScanDecisionTests {
    @Test func workloadIDs() {
        #expect(WorkloadID(parsing: "default:deployment/web")?.description == "default:deployment/web")
        #expect(WorkloadID(namespace: "ns", kind: "CronJob", name: "x").description == "ns:cronjob/x")
        #expect(WorkloadID(parsing: "deployment/web") == nil)
        #expect(WorkloadID(parsing: "ns:deployment/") == nil)
    }

    @Test func policyAnnotations() throws {
        let policies = WorkloadPolicies(annotations: [
            "fluxcd.io/automated": "true",
            "flux.weave.works/locked": "true",
            "flux.weave.works/locked_msg": "hold",
            "flux.weave.works/tag.web": "glob:old-*",
            "fluxcd.io/tag.web": "semver:~1.2",
            "filter.fluxcd.io/sidecar": "regexp:^v",
            "fluxcd.io/tag.": "ignored",
            "example.com/tag.x": "ignored",
        ])
        #expect(policies.automated)
        #expect(policies.locked)
        #expect(policies.lockedMessage == "hold")
        #expect(policies.tags.mapValues(\.value) == ["web": "semver:~1.2", "sidecar": "regexp:^v"])
        #expect(try policies.tagPolicy(for: "web").get().description == "semver:~1.2")
        #expect(try policies.tagPolicy(for: "other").get() == .all)
        #expect(!WorkloadPolicies(annotations: ["fluxcd.io/automated": "yes"]).automated)
        #expect(throws: PolicyError.self) {
            try WorkloadPolicies(annotations: ["fluxcd.io/tag.web": "semver:not a range"]).tagPolicy(for: "web").get()
        }
    }

    @Test func podTemplatesOfEveryKind() {
        for kind in ["Deployment", "StatefulSet", "DaemonSet", "CronJob"] {
            let object = workload(
                kind, "w", namespace: "ns",
                containers: [Container(name: "a", image: "nginx:1.25"), Container(name: "i", image: "busybox", isInit: true)],
                serviceAccount: kind == "DaemonSet" ? "agent" : nil, pullSecrets: ["one", "two"])
            let template = PodTemplate(of: object)
            #expect(template.containers.map(\.name) == ["a", "i"], "\(kind)")
            #expect(template.containers.map(\.isInit) == [false, true])
            #expect(template.containers.first?.reference?.canonicalName == "docker.io/library/nginx")
            #expect(template.imagePullSecrets == ["one", "two"])
            #expect(template.serviceAccountName == (kind == "DaemonSet" ? "agent" : "default"))
            #expect(template.problems.isEmpty)
        }
        let broken = PodTemplate(of: workload("Deployment", "w", namespace: "ns", containers: [Container(name: "a", image: "Bad Image")]))
        #expect(broken.containers.first?.reference == nil)
        #expect(broken.problems.first?.contains("container a") == true)
        #expect(PodTemplate(of: ["kind": "ConfigMap", "spec": [:]]).containers.isEmpty)
        let release: JSONValue = [
            "apiVersion": "helm.fluxcd.io/v1", "kind": "HelmRelease", "metadata": ["name": "r", "namespace": "ns"],
            "spec": ["values": ["image": ["repository": "nginx", "tag": "1.25"]]],
        ]
        let helm = PodTemplate(of: release)
        #expect(helm.containers.map(\.name) == ["chart-image"])
        #expect(helm.containers.first?.reference?.description == "nginx:1.25")
        #expect(helm.serviceAccountName == "default")
    }

    @Test func planScansEachRepositoryOnceAndFetchesMetadataOnlyForTimeOrderedPolicies() throws {
        let keychainA = Keychain(["r.example": RegistryCredential(username: "a", password: "1")])
        let keychainB = Keychain(["other.example": RegistryCredential(username: "b", password: "2")])
        let workloads = [
            model(
                "ns:deployment/a", [("web", "r.example/app:1.0"), ("db", "r.example/db:1")], tags: ["web": "semver:^1", "db": "semver:*"],
                keychain: keychainA),
            model("ns:deployment/b", [("web", "r.example/app:2.0")], tags: ["web": "glob:2.*"], keychain: keychainB),
            model("ns:deployment/c", [("x", "k8s.gcr.io/pause:3.1"), ("y", "r.example/broken:1")], tags: ["y": "regexp:("]),
        ]
        var settings = ImageScanSettings()
        settings.registry.excludeImages = ["k8s.gcr.io/*"]
        let plan = ScanPlan(workloads: workloads, settings: settings)
        #expect(plan.targets.map(\.image.canonicalName) == ["r.example/app", "r.example/db", "r.example/broken"])
        #expect(plan.targets.map(\.needsMetadata) == [true, false, false])
        #expect(plan.targets.allSatisfy { $0.image.tag == nil && $0.image.digest == nil })
        #expect(plan.targets.first?.keychain?.credential(for: "r.example")?.username == "a")
        #expect(plan.targets.first?.keychain?.credential(for: "other.example")?.username == "b")
        #expect(plan.excludedImages == ["k8s.gcr.io/pause:3.1"])

        settings.metadataForAllImages = true
        let all = ScanPlan(workloads: workloads, settings: settings)
        #expect(all.targets.allSatisfy { $0.needsMetadata })
    }

    @Test func settingsFromFlags() throws {
        let directory = try TemporaryDirectory(prefix: "settings")
        defer { directory.remove() }
        let config = try directory.write(
            "config.json", #"{"auths":{"https://index.docker.io/v1/":{"auth":"\#(Data("me:pw".utf8).base64EncodedString())"}}}"#)
        let settings = try ImageScanSettings(
            automationInterval: "30s", registryRPS: 5, registryBurst: 3,
            registryExcludeImage: ["a/*,b/*", " c/* "], registryInsecureHost: ["localhost:5000"], dockerConfig: config,
            allowedNamespaces: ["x,y"], stateDirectory: directory.path)
        #expect(settings.automationInterval == .seconds(30))
        #expect(settings.scanInterval == .seconds(30))
        #expect(settings.refresh.minimum == .seconds(30))
        #expect(settings.registry.requestsPerSecond == 5 && settings.registry.burst == 3)
        #expect(settings.registry.excludeImages == ["a/*", "b/*", "c/*"])
        #expect(settings.registry.insecureHosts == ["localhost:5000"])
        #expect(settings.registry.keychain.credential(for: "docker.io")?.username == "me")
        #expect(settings.allowedNamespaces == ["x", "y"])
        #expect(settings.cacheFile == directory.path + "/image-cache.json")
        #expect(try ImageScanSettings(automationInterval: "10m").scanInterval == .seconds(60))
        #expect(throws: ImageScanSettingsError.self) { try ImageScanSettings(automationInterval: "soon") }
        #expect(throws: ImageScanSettingsError.self) { try ImageScanSettings(registryRPS: 0) }
        #expect(throws: ImageScanSettingsError.self) { try ImageScanSettings(dockerConfig: directory.path + "/missing.json") }
    }

    @Test func containerTagsOrderByPolicy() throws {
        func scan(_ tags: [(String, Double?)]) -> RepositoryScan {
            RepositoryScan(
                repository: "r.example/app",
                tags: tags.map {
                    TagMetadata(tag: $0.0, digest: nil, created: $0.1.map { Date(timeIntervalSince1970: $0) }, platform: nil)
                },
                newTags: [], error: nil, tagErrors: [:], scanned: true)
        }
        let id = WorkloadID(namespace: "ns", kind: "deployment", name: "a")
        let container = WorkloadContainer(
            name: "web", image: "r.example/app:1.2.0", reference: try ImageReference(parsing: "r.example/app:1.2.0"), isInit: false)
        let semver = ContainerTags(
            workload: id, container: container, policies: WorkloadPolicies(tagPatterns: ["web": "semver:^1"]),
            scan: scan([("1.2.0", nil), ("1.10.0", nil), ("2.0.0", nil), ("latest", nil)]))
        #expect(semver.available.map(\.tag) == ["1.10.0", "1.2.0"])
        #expect(semver.newest == "1.10.0")
        let glob = ContainerTags(
            workload: id, container: container, policies: WorkloadPolicies(),
            scan: scan([("1.2.0", 300), ("old", 100), ("new", 500), ("untimed", nil)]))
        #expect(glob.available.map(\.tag) == ["new", "1.2.0", "old", "untimed"])
        #expect(glob.newest == "new")
        let unscanned = ContainerTags(workload: id, container: container, policies: WorkloadPolicies(), scan: nil)
        #expect(unscanned.available.isEmpty && unscanned.newest == nil)
    }

    private func model(
        _ id: String, _ containers: [(String, String)], tags: [String: String] = [:], keychain: Keychain = Keychain()
    ) -> Workload {
        Workload(
            id: WorkloadID(parsing: id) ?? WorkloadID(namespace: "x", kind: "x", name: "x"),
            containers: containers.map { name, image in
                WorkloadContainer(name: name, image: image, reference: try? ImageReference(parsing: image), isInit: false)
            },
            policies: WorkloadPolicies(tagPatterns: tags), serviceAccountName: "default", imagePullSecrets: [],
            keychain: keychain)
    }
}

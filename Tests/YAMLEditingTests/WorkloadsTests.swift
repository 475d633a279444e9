import KubernetesModel
import Testing
import YAMLEditing

@Suite struct WorkloadsTests {
    @Test func findsContainersInitContainersAndRanges() throws {
        let fixture = try Fixture.load("image-second-container")
        let workloads = try YAMLEditor.workloads(in: fixture.input, file: "web.yaml")
        try #require(workloads.count == 1)
        let web = workloads[0]
        #expect(web.kind == "Deployment")
        #expect(web.name == "web")
        #expect(web.namespace == "default")
        #expect(web.id(defaultNamespace: "other").description == "default:deployment/web")
        #expect(web.containers.map(\.name) == ["web", "metrics", "migrate"])
        #expect(web.containers.map(\.isInit) == [false, false, true])
        #expect(web.containers.map(\.image) == ["nginx:1.0", "prom/exporter:0.9", "app/migrate:1.0"])
        let bytes = Array(fixture.input.utf8)
        let texts = web.containers.compactMap { $0.imageRange.map { String(decoding: bytes[$0], as: UTF8.self) } }
        #expect(texts == ["nginx:1.0", "\"prom/exporter:0.9\"", "app/migrate:1.0"])
        #expect(web.container(named: "metrics")?.line == 17)
    }

    @Test func findsWorkloadsInListsAndDocumentsWithoutNamespace() throws {
        let list = try YAMLEditor.workloads(in: try Fixture.load("image-kind-list").input)
        #expect(list.map(\.kind) == ["DaemonSet", "StatefulSet"])
        #expect(list.map(\.listIndex) == [0, 1])
        #expect(list.map { $0.id(defaultNamespace: "default").description } == ["monitoring:daemonset/agent", "data:statefulset/db"])

        let multi = try YAMLEditor.workloads(in: try Fixture.load("image-multi-document").input)
        #expect(multi.map(\.name) == ["web", "api"], "the Service named web is not a workload")
        #expect(multi.allSatisfy { $0.namespace == nil })
        #expect(multi.map(\.documentIndex) == [1, 2])
        #expect(multi.map(\.line) == [12, 25])
    }

    @Test func findsCronJobContainersAndPolicies() throws {
        let cron = try YAMLEditor.workloads(in: try Fixture.load("image-cronjob").input)
        #expect(cron.first?.containers.first?.image == "reporter:2024.1")

        let old = try YAMLEditor.workloads(in: try Fixture.load("annotation-old-prefix-update").input)
        #expect(old.first?.annotations["flux.weave.works/automated"] == "true")
        #expect(old.first?.annotations["flux.weave.works/tag.web"] == "glob:1.*")
        let both = try YAMLEditor.workloads(in: try Fixture.load("annotation-flow-add").input)
        #expect(both.first?.annotations["fluxcd.io/automated"] == "true")
        #expect(both.first?.annotations["team"] == "shop")
    }

    @Test func workloadIDsParse() {
        #expect(WorkloadID(parsing: "default:deployment/web") == WorkloadID(namespace: "default", kind: "Deployment", name: "web"))
        #expect(WorkloadID(parsing: "deployment/web") == nil)
        #expect(WorkloadID(parsing: "default:deployment") == nil)
        #expect(WorkloadID(parsing: ":deployment/web") == nil)
        #expect(WorkloadID(parsing: "a:b/c/d") == nil)
    }

    @Test func manifestWithoutNamespaceMatchesTheDefault() throws {
        let text = try Fixture.load("image-multi-document").input
        let selector = WorkloadID(namespace: "shop", kind: "Deployment", name: "web")
        #expect(throws: YAMLEditError.self) {
            try YAMLEditor.setImage("nginx:2", container: "web", workload: selector, in: text)
        }
        let edited = try YAMLEditor.setImage(
            "nginx:2", container: "web", workload: selector, in: text, defaultNamespace: "shop")
        #expect(edited.contains("image: nginx:2\n"))
    }
}

import KubernetesModel
import Testing
import YAMLEditing

/// SwiftFlux's image edits against Flux v1's own update table.
@Suite struct FluxV1UpdateTests {
    @Test(arguments: FluxV1UpdateCase.all.map(\.name))
    func updateMatchesFluxV1(_ name: String) throws {
        let testCase = try #require(FluxV1UpdateCase.all.first { $0.name == name })
        let id = try #require(WorkloadID(parsing: testCase.workload))
        var text = testCase.input
        for container in testCase.containers {
            text = try YAMLEditor.setImage(testCase.image, container: container, workload: id, in: text, file: name)
        }
        #expect(text == testCase.expected, "\(name)")
        #expect(text != testCase.input, "the case changes something")
        if testCase.fluxV1Reformatted.isEmpty {
            #expect(text == testCase.fluxV1Output, "byte for byte Flux v1's output")
        } else {
            #expect(text != testCase.fluxV1Output, "Flux v1 reformatted untouched lines here; SwiftFlux keeps them")
        }
        // The edited workload lists the new image.
        let workload = try #require(try YAMLEditor.workloads(in: text).first { $0.id(defaultNamespace: "default") == id })
        for container in testCase.containers {
            #expect(workload.container(named: container)?.image == testCase.image)
        }
    }

    @Test func helmReleaseWorkloadsAreListedWithTheirValuesContainers() throws {
        let workloads = try YAMLEditor.workloads(in: FluxV1UpdateCase.case13)
        #expect(workloads.map { $0.id(defaultNamespace: "default").description } == ["maria:helmrelease/mariadb"])
        #expect(workloads.first?.containers.map(\.name) == ["mariadb", "sidecar"])
        #expect(workloads.first?.containers.map(\.image) == ["localhost:5000/mariadb:10.1.30-r1", "sidecar:v1"])
        let fluxV2 = FluxV1UpdateCase.case13.replacingOccurrences(of: "flux.weave.works/v1beta1", with: "helm.toolkit.fluxcd.io/v2")
        #expect(try YAMLEditor.workloads(in: fluxV2).isEmpty)
    }

    @Test func helmReleaseEditsKeepQuotingAndRefuseUnknownContainers() throws {
        let text = """
            apiVersion: helm.fluxcd.io/v1
            kind: HelmRelease
            metadata:
              name: web
            spec:
              values:
                image:
                  repository: "registry.example/web"   # the app
                  tag: '1.0.0'
            """
        let id = WorkloadID(namespace: "default", kind: "helmrelease", name: "web")
        let edited = try YAMLEditor.setImage("registry.example/web:1.1.0", container: "chart-image", workload: id, in: text)
        #expect(edited == text.replacingOccurrences(of: "'1.0.0'", with: "'1.1.0'"))
        #expect(throws: YAMLEditError.self) {
            try YAMLEditor.setImage("registry.example/web:2", container: "db", workload: id, in: text)
        }
    }
}

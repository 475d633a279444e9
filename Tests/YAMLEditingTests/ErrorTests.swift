import Foundation
import KubernetesModel
import Testing
import YAMLEditing

@Suite struct ErrorTests {
    private func error(_ body: () throws -> String) -> YAMLEditError? {
        do {
            _ = try body()
            return nil
        } catch let error as YAMLEditError {
            return error
        } catch {
            return nil
        }
    }

    @Test func unknownWorkloadNamesFileAndWorkload() throws {
        let text = try Fixture.load("image-plain").input
        let failure = error {
            try YAMLEditor.setImage(
                "nginx:2", container: "web", workload: WorkloadID(parsing: "default:deployment/api")!, in: text,
                file: "apps/web.yaml")
        }
        #expect(failure?.code == .workloadNotFound)
        #expect(failure?.file == "apps/web.yaml")
        #expect(failure?.workload == "default:deployment/api")
        #expect(failure?.description.contains("apps/web.yaml") == true)
    }

    @Test func unknownContainerNamesContainerAndKnownOnes() throws {
        let text = try Fixture.load("image-second-container").input
        let failure = error {
            try YAMLEditor.setImage(
                "nginx:2", container: "db", workload: WorkloadID(parsing: "default:deployment/web")!, in: text,
                file: "web.yaml")
        }
        #expect(failure?.code == .containerNotFound)
        #expect(failure?.container == "db")
        #expect(failure?.description.contains("web, metrics, migrate") == true)
    }

    @Test func duplicateWorkloadIsAmbiguous() throws {
        let text = try Fixture.load("image-plain").input
        let failure = error {
            try YAMLEditor.setAnnotations(
                ["fluxcd.io/automated": "true"], workload: WorkloadID(parsing: "default:deployment/web")!,
                in: text + "---\n" + text)
        }
        #expect(failure?.code == .ambiguousWorkload)
        #expect(failure?.line == 13)
    }

    @Test func invalidImageIsRejected() throws {
        let text = try Fixture.load("image-plain").input
        let failure = error {
            try YAMLEditor.setImage(
                "nginx:1.0 # evil", container: "web", workload: WorkloadID(parsing: "default:deployment/web")!,
                in: text)
        }
        #expect(failure?.code == .invalidValue)
    }

    @Test func invalidYAMLReportsLine() {
        let failure = error { try YAMLEditor.workloads(in: "kind: Deployment\nmetadata:\n  name: [a\n", file: "x.yaml").description }
        #expect(failure?.code == .invalidYAML)
        #expect(failure?.file == "x.yaml")
        #expect(failure?.line != nil)
    }

    /// Issue 16: the editor's own tree expands aliases, so it applies the shared YAML limits
    /// first; an alias bomb in a file a release reads fails fast instead of exhausting memory.
    @Test func aliasBombIsRefusedBeforeTheTreeIsBuilt() {
        var bomb = "kind: Deployment\nmetadata: {name: web}\nx0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            bomb += "x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        let failure = error { try YAMLEditor.workloads(in: bomb, file: "bomb.yaml").description }
        #expect(failure?.code == .invalidYAML)
        #expect(failure?.description.contains("--manifest-max-alias-nodes") == true)
    }

    @Test func blockScalarImageIsNotEditedInPlace() throws {
        let text = try Fixture.load("image-plain").input
            .replacingOccurrences(of: "image: nginx:1.0", with: "image: >-\n            nginx:1.0")
        let failure = error {
            try YAMLEditor.setImage(
                "nginx:2", container: "web", workload: WorkloadID(parsing: "default:deployment/web")!, in: text)
        }
        #expect(failure?.code == .unsupportedLayout)
    }
}

import KubernetesModel
import Testing

@Suite struct ImageReferenceTests {
    @Test func dockerHubNormalisation() throws {
        let nginx = try ImageReference(parsing: "nginx")
        #expect(nginx.registry == "docker.io")
        #expect(nginx.repository == "library/nginx")
        #expect(nginx.canonicalName == "docker.io/library/nginx")
        #expect(nginx.tag == nil)
        #expect(nginx.isDockerHub)
        let org = try ImageReference(parsing: "index.docker.io/org/app:2")
        #expect(org.canonicalName == "docker.io/org/app")
        #expect(org.tag == "2")
        #expect(try ImageReference(parsing: "docker.io/library/nginx:1").isSameRepository(as: nginx))
    }

    @Test func registryWithPortTagAndDigest() throws {
        let digest = "sha256:" + String(repeating: "a", count: 64)
        let reference = try ImageReference(parsing: "localhost:5000/team/app:1.0@" + digest)
        #expect(reference.registry == "localhost:5000")
        #expect(reference.repository == "team/app")
        #expect(reference.tag == "1.0")
        #expect(reference.digest == digest)
        #expect(reference.description == "localhost:5000/team/app:1.0@" + digest)
        #expect(reference.withTag("1.1").description == "localhost:5000/team/app:1.1")
        let portOnly = try ImageReference(parsing: "registry:5000/app")
        #expect(portOnly.registry == "registry:5000")
        #expect(portOnly.tag == nil)
    }

    @Test func withTagKeepsWrittenForm() throws {
        #expect(try ImageReference(parsing: "nginx:1.0").withTag("1.1").description == "nginx:1.1")
        #expect(try ImageReference(parsing: "ghcr.io/o/a").withTag("v2").description == "ghcr.io/o/a:v2")
    }

    @Test(arguments: ["", "Nginx:1", "nginx:", "nginx:-x", "nginx@sha256:xyz", "a//b", "nginx:1 0", "/app", "app/"])
    func invalidReferencesAreRejected(_ text: String) {
        #expect(throws: ImageReferenceError.self) { try ImageReference(parsing: text) }
    }
}

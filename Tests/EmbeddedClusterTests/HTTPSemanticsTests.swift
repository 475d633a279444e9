import EmbeddedCluster
import Foundation
import KubernetesModel
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Direct HTTP checks of kube-apiserver's Status bodies and semantics.
@Suite struct HTTPSemanticsTests {
    func send(_ method: String, _ url: String, body: String? = nil, contentType: String = "application/json") async throws -> (
        Int, JSONValue
    ) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, try JSONValue(parsing: Array(data)))
    }

    @Test func statusBodiesMatchKubeAPIServer() async throws {
        try await EmbeddedCluster.withRunning { cluster in
            let base = "\(cluster.baseURL)/api/v1/namespaces/default/configmaps"
            let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"v"}}"#
            let (created, object) = try await send("POST", base, body: body)
            #expect(created == 201)
            #expect(object[path: ["metadata", "resourceVersion"]] != nil)
            #expect(object[path: ["metadata", "uid"]] != nil)

            let (conflict, exists) = try await send("POST", base, body: body)
            #expect(conflict == 409)
            #expect(
                exists.serialized()
                    == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \"a\" already exists","reason":"AlreadyExists","details":{"name":"a","kind":"configmaps"},"code":409}"#
            )

            let (missing, notFound) = try await send("GET", "\(base)/nope")
            #expect(missing == 404)
            #expect(
                notFound.serialized()
                    == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \"nope\" not found","reason":"NotFound","details":{"name":"nope","kind":"configmaps"},"code":404}"#
            )

            let stale = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"1"},"data":{"k":"w"}}"#
            let (stalePut, staleBody) = try await send("PUT", "\(base)/a", body: stale)
            #expect(stalePut == 409)
            #expect(
                staleBody["message"]
                    == "Operation cannot be fulfilled on configmaps \"a\": the object has been modified; please apply your changes to the latest version and try again"
            )

            let (invalid, invalidBody) = try await send(
                "POST", base, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Bad_Name"}}"#)
            #expect(invalid == 422)
            #expect(invalidBody["reason"] == "Invalid")
            #expect(invalidBody[path: ["details", "causes"]]?.arrayValue?.first?["field"] == "metadata.name")

            // dryRun=All writes nothing.
            let before = await cluster.store.currentResourceVersion()
            let (dry, _) = try await send(
                "POST", "\(base)?dryRun=All", body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dry"}}"#)
            #expect(dry == 201)
            #expect(await cluster.store.currentResourceVersion() == before)
            let (afterDry, _) = try await send("GET", "\(base)/dry")
            #expect(afterDry == 404)

            // limit/continue.
            for i in 0..<5 {
                _ = try await send("POST", base, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"page-\#(i)"}}"#)
            }
            let (_, page) = try await send("GET", "\(base)?limit=2")
            #expect(page["items"]?.arrayValue?.count == 2)
            let token = try #require(page[path: ["metadata", "continue"]]?.stringValue)
            let (_, next) = try await send(
                "GET", "\(base)?limit=10&continue=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token)")
            #expect(next["items"]?.arrayValue?.count == 4)
        }
    }

    @Test func tlsWithClientCertificates() async throws {
        let configuration = EmbeddedClusterConfiguration(tls: .generated(requireClientCertificates: true))
        try await EmbeddedCluster.withRunning(configuration) { cluster in
            #expect(cluster.baseURL.hasPrefix("https://127.0.0.1:"))
            let kubectl = try Kubectl(cluster)
            let result = try await kubectl.run(["get", "namespaces", "-o", "name"])
            #expect(result.exitCode == 0, "\(result.standardError)")
            #expect(result.standardOutput == "namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n")
        }
    }
}

import Foundation
import KubernetesModel
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Direct HTTP requests against a running embedded cluster (plain HTTP on loopback).
struct APIRequests {
    let baseURL: String

    /// Sends one request and decodes the JSON answer.
    func send(
        _ method: String, _ path: String, body: String? = nil, contentType: String = "application/json"
    ) async throws -> (status: Int, body: JSONValue) {
        let (status, data) = try await raw(method, path, body: body, contentType: contentType)
        return (status, try JSONValue(parsing: Array(data)))
    }

    func raw(_ method: String, _ path: String, body: String? = nil, contentType: String = "application/json") async throws -> (Int, Data) {
        var request = URLRequest(url: try #require(URL(string: baseURL + path)))
        request.httpMethod = method
        request.timeoutInterval = 30
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// Runs a watch that ends by itself (the path must carry `timeoutSeconds`) and returns
    /// its events, one JSON object per line.
    func watch(_ path: String) async throws -> (status: Int, events: [JSONValue]) {
        let (status, data) = try await raw("GET", path)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        return (status, try lines.map { try JSONValue(parsing: String($0)) })
    }

    /// Creates a ConfigMap in `namespace` and returns its resourceVersion.
    @discardableResult
    func createConfigMap(_ name: String, namespace: String = "default", labels: [String: String] = [:], data: [String: String] = [:])
        async throws -> String
    {
        var metadata: JSONObject = ["name": .string(name)]
        if !labels.isEmpty { metadata["labels"] = .object(Self.object(labels)) }
        let object: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": .object(metadata), "data": .object(Self.object(data)),
        ]
        let (status, created) = try await send("POST", "/api/v1/namespaces/\(namespace)/configmaps", body: object.serialized())
        #expect(status == 201, "\(created.serialized())")
        return created.resourceVersion ?? ""
    }

    static func object(_ strings: [String: String]) -> JSONObject {
        var result = JSONObject()
        for (key, value) in strings.sorted(by: { $0.key < $1.key }) { result[key] = .string(value) }
        return result
    }
}

extension JSONValue {
    /// `type` and `metadata.name` of a watch event, e.g. `ADDED a`.
    var eventSummary: String {
        "\(self["type"]?.stringValue ?? "?") \(self[path: ["object", "metadata", "name"]]?.stringValue ?? "")"
    }
}

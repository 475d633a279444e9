import Hummingbird
import Logging

/// The per-request context: Hummingbird's core storage with a body limit large enough for
/// big CRDs (kube-apiserver accepts 3 MiB).
struct APIRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    var maxUploadSize: Int { 8 * 1024 * 1024 }
}

/// Query parameters as the API server reads them.
struct QueryParameters: Sendable {
    var values: [String: String]

    init(_ request: Request) {
        var values: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { values[String(key)] = String(value) }
        self.values = values
    }

    subscript(_ key: String) -> String? { values[key] }

    func bool(_ key: String) -> Bool {
        guard let value = values[key] else { return false }
        return value == "true" || value == "1" || value.isEmpty
    }

    var dryRun: Bool { values["dryRun"] == "All" }
}

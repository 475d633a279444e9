import Foundation
import Hummingbird
import Logging

/// The per-request context: Hummingbird's core storage with a body limit large enough for
/// big CRDs (kube-apiserver accepts 3 MiB).
struct APIRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's IP address (the pod proxy's `X-Forwarded-For`).
    let remoteIPAddress: String?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteIPAddress = source.channel.remoteAddress?.ipAddress
    }

    var maxUploadSize: Int { 8 * 1024 * 1024 }
}

/// Query parameters as the API server reads them.
struct QueryParameters: Sendable {
    var values: [String: String]

    init(_ request: Request) {
        self.init(rawQuery: request.uri.query ?? "")
    }

    /// Parses a raw query string as Go's `url.ParseQuery` does (`+` is a space).
    init(rawQuery: String) {
        var values: [String: String] = [:]
        for pair in rawQuery.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            values[key] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
        self.values = values
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    subscript(_ key: String) -> String? { values[key] }

    func bool(_ key: String) -> Bool {
        guard let value = values[key] else { return false }
        return value == "true" || value == "1" || value.isEmpty
    }

    var dryRun: Bool { values["dryRun"] == "All" }
}

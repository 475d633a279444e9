/// One HTTP request to fluxd's API.
public struct FluxRequest: Sendable {
    public var method: String
    /// The path from the API root, e.g. `/api/flux/v1/workloads`.
    public var path: String
    public var query: [(String, String)]
    public var body: [UInt8]?

    public init(method: String, path: String, query: [(String, String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
    }

    /// `path?query` with the query percent-encoded.
    public var target: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "/"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            }
        }
        return out
    }
}

/// fluxd's answer.
public struct FluxResponse: Sendable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// How requests reach fluxd: straight to its address, or through the Kubernetes API server's
/// pod proxy. A transport adds the API token itself.
public protocol FluxTransport: Sendable {
    /// A human description of where requests go, for messages.
    var endpoint: String { get }
    func send(_ request: FluxRequest) async throws(FluxAPIError) -> FluxResponse
}

/// The headers that carry the API token.
public enum FluxAPIAuth {
    /// `Authorization: Bearer <token>` for direct connections.
    public static let header = "Authorization"
    /// The same value, for requests through the Kubernetes API server's proxy: kube-apiserver
    /// consumes `Authorization` itself (it authenticates the kube user with it and strips it
    /// before proxying), so fluxctl sends fluxd's token in this header instead.
    public static let proxyHeader = "X-Flux-Authorization"

    public static func bearer(_ token: String) -> String { "Bearer \(token)" }
}

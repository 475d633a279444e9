import NIOHTTP1

/// One call to the API server, before authentication, rate limiting and retries.
struct APIRequest: Sendable {
    var method: HTTPMethod
    /// Absolute API path, segments already escaped: `/api/v1/namespaces/default/pods`.
    var path: String
    var query: [(name: String, value: String)] = []
    var body: [UInt8]?
    var contentType: String?
    var accept = "application/json"
    /// Safe to send twice: decides retries on 5xx and connection resets.
    var idempotent: Bool
    /// The object the request is about, for error messages.
    var object: ObjectReference?

    init(
        method: HTTPMethod, path: String, query: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        contentType: String? = nil, idempotent: Bool? = nil, object: ObjectReference? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.contentType = contentType
        self.idempotent = idempotent ?? (method == .GET || method == .HEAD)
        self.object = object
    }

    /// `path?query` with every query name and value percent-encoded.
    var target: String {
        guard !query.isEmpty else { return path }
        let encoded = query.map { "\(URLEscaping.escape($0.name))=\(URLEscaping.escape($0.value))" }
        return path + "?" + encoded.joined(separator: "&")
    }
}

/// A finished response whose body has been read.
struct APIResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
}

/// Percent-encoding of path segments and query components: everything outside RFC 3986's
/// unreserved set is escaped, so selectors (`a=b,c!=d`) and names travel intact.
enum URLEscaping {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                result.append("%")
                result.append(hex[Int(byte >> 4)])
                result.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }
}

/// The parts of a cluster's `server` URL the transport needs, and how to reach it when
/// `tls-server-name` differs from the host: the request URL carries the TLS name (so
/// AsyncHTTPClient sends it as SNI and verifies the certificate against it) and a DNS
/// override sends the connection to the real host.
struct ServerEndpoint: Sendable, Hashable {
    var scheme: String
    /// Host as written in the URL (IPv6 without brackets).
    var host: String
    var port: Int
    /// Path prefix without a trailing slash (usually empty).
    var pathPrefix: String
    /// The name used in request URLs: `tls-server-name` when set, else the host.
    var urlHost: String
    /// `urlHost` → real host, when they differ.
    var dnsOverride: [String: String]

    init(server: String, tlsServerName: String?) throws(KubernetesError) {
        func invalid(_ why: String) -> KubernetesError {
            KubernetesError(code: .invalidRequest, message: "invalid server URL \"\(server)\": \(why)")
        }
        guard let schemeEnd = server.range(of: "://") else { throw invalid("no scheme") }
        scheme = server[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else { throw invalid("scheme must be http or https") }
        var rest = Substring(server[schemeEnd.upperBound...])
        let authority: Substring
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            rest = rest[slash...]
        } else {
            authority = rest
            rest = ""
        }
        var prefix = String(rest)
        while prefix.hasSuffix("/") { prefix.removeLast() }
        pathPrefix = prefix
        var hostPart = authority
        var portText: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw invalid("unterminated IPv6 address") }
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portText = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        guard !hostPart.isEmpty else { throw invalid("no host") }
        host = String(hostPart)
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { throw invalid("bad port") }
            port = value
        } else {
            port = scheme == "https" ? 443 : 80
        }
        if let name = tlsServerName, !name.isEmpty, name != host, scheme == "https" {
            urlHost = name
            dnsOverride = [name: host]
        } else {
            urlHost = host
            dnsOverride = [:]
        }
    }

    /// `scheme://host:port` for request URLs (with the TLS name as host when overridden).
    var origin: String {
        let hostText = urlHost.contains(":") ? "[\(urlHost)]" : urlHost
        return "\(scheme)://\(hostText):\(port)"
    }

    /// The real `Host` header value.
    var hostHeader: String {
        let hostText = host.contains(":") ? "[\(host)]" : host
        return (scheme == "https" && port == 443) || (scheme == "http" && port == 80) ? hostText : "\(hostText):\(port)"
    }
}

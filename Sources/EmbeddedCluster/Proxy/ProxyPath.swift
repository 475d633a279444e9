import Foundation

/// A `/api/v1/namespaces/NS/{pods|services}/ID/proxy[/PATH]` request, read from the raw
/// (still percent-encoded) URL path the way kube-apiserver's connect handler reads it.
struct ProxyPath: Sendable, Equatable {
    enum Resource: String, Sendable {
        case pods, services
    }

    var resource: Resource
    var namespace: String
    /// `name`, `name:port` or `scheme:name:port`, percent-decoded.
    var id: String
    /// What follows `proxy`, as the connect handler passes it on: empty, or starting with
    /// `/`, cleaned like Go's `path.Join`, a trailing slash of the request kept. Percent
    /// escapes are forwarded as received.
    var subpath: String
    /// The request path up to and including `proxy` (no trailing slash): prefixed to
    /// upstream redirects and sent as `X-Forwarded-Uri`'s base.
    var prefix: String

    /// `nil` when the path does not address a pod or service proxy.
    init?(rawPath: String) {
        // RequestInfo splits the path trimmed of slashes, keeping empty segments.
        let trimmed = rawPath.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 7, parts[0] == "api", parts[1] == "v1", parts[2] == "namespaces",
            let resource = Resource(rawValue: parts[4]), parts[6] == "proxy"
        else { return nil }
        self.resource = resource
        namespace = parts[3].removingPercentEncoding ?? parts[3]
        id = parts[5].removingPercentEncoding ?? parts[5]
        prefix = "/" + parts[0...6].joined(separator: "/")
        var rest = parts[7...].joined(separator: "/")
        if !rest.isEmpty, !rest.hasPrefix("/") { rest = "/" + rest }
        if rawPath.hasSuffix("/"), !rest.hasSuffix("/") { rest += "/" }
        subpath = Self.joinPreservingTrailingSlash(rest)
    }

    /// `net.JoinPreservingTrailingSlash("", path)`: `path.Clean`, keeping a trailing slash.
    static func joinPreservingTrailingSlash(_ path: String) -> String {
        guard !path.isEmpty else { return "" }
        var cleaned = clean(path)
        if path.hasSuffix("/"), !cleaned.hasSuffix("/") { cleaned += "/" }
        return cleaned
    }

    /// Go's `path.Clean`: collapses `//`, drops `.`, resolves `..` lexically.
    static func clean(_ path: String) -> String {
        let rooted = path.hasPrefix("/")
        var stack: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                if let last = stack.last, last != ".." {
                    stack.removeLast()
                } else if !rooted {
                    stack.append(segment)
                }
            default: stack.append(segment)
            }
        }
        let joined = stack.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}

/// `utilnet.SplitSchemeNamePort`: `name`, `name:port` or `scheme:name:port`, with scheme
/// empty, `http` or `https` and a non-empty name.
struct ProxyID: Sendable, Equatable {
    var scheme: String
    var name: String
    var port: String

    init?(_ id: String) {
        let parts = id.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1: (scheme, name, port) = ("", parts[0], "")
        case 2: (scheme, name, port) = ("", parts[0], parts[1])
        case 3: (scheme, name, port) = (parts[0], parts[1], parts[2])
        default: return nil
        }
        guard !name.isEmpty, ["", "http", "https"].contains(scheme) else { return nil }
    }
}

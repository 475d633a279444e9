/// What fluxd answers for the web UI's paths: `/` and `/ui` redirect to `/ui/`, `/ui/` is the
/// page, `/ui/<file>` an asset. Pure (no I/O), so every rule is unit-tested; `UIMiddleware`
/// puts it on the API server. These paths carry no cluster data and need no token; the page
/// fetches every datum from the API with the token.
public enum UIResponder {
    public struct Answer: Sendable, Equatable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]

        public static func == (lhs: Answer, rhs: Answer) -> Bool {
            lhs.status == rhs.status && lhs.body == rhs.body
                && lhs.headers.map { "\($0.0): \($0.1)" } == rhs.headers.map { "\($0.0): \($0.1)" }
        }

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    /// Where the UI lives.
    public static let prefix = "/ui/"

    /// No script, style, image or connection but fluxd's own; no inline script or style, no
    /// `eval`, no string-to-HTML sinks (Trusted Types), no framing, no form posts, no plugins.
    public static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'",
        "manifest-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
        "require-trusted-types-for 'script'", "trusted-types 'none'",
    ].joined(separator: "; ")

    /// Headers on every UI answer.
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]

    /// Whether fluxd's UI answers `path` (else the request goes on to the API).
    public static func handles(path: String) -> Bool {
        path == "/" || path == "/ui" || path.hasPrefix(prefix)
    }

    /// The answer for a request to one of the UI's paths; `nil` for any other path.
    /// `ifNoneMatch` is the request's `If-None-Match`.
    public static func answer(method: String, path: String, ifNoneMatch: String?) -> Answer? {
        guard handles(path: path) else { return nil }
        guard method == "GET" || method == "HEAD" else {
            return plain(405, "method \(method) not allowed; use GET", extra: [("Allow", "GET, HEAD")])
        }
        if path == "/" || path == "/ui" {
            // Relative ("ui/" from "/" and from "/ui" is "/ui/"), so it also works under a path
            // prefix, e.g. through the Kubernetes API server's proxy.
            return plain(path == "/" ? 302 : 301, "see /ui/", extra: [("Location", "ui/")])
        }
        let name = path == prefix ? "index.html" : String(path.dropFirst(prefix.count))
        guard let asset = UIAssets.all[name] else { return plain(404, "no such file in fluxd's UI: \(name)") }
        var headers = securityHeaders
        headers += [("Content-Type", asset.contentType), ("Cache-Control", "no-cache"), ("ETag", asset.etag)]
        if let ifNoneMatch, matches(ifNoneMatch, etag: asset.etag) {
            return Answer(status: 304, headers: headers, body: [])
        }
        return Answer(status: 200, headers: headers, body: method == "HEAD" ? [] : asset.bytes)
    }

    /// `If-None-Match`: `*` or a list of (possibly weak) validators.
    static func matches(_ header: String, etag: String) -> Bool {
        header.split(separator: ",").contains { item in
            let tag = item.trimmingCharacters(in: " \t")
            return tag == "*" || tag == etag || tag == "W/" + etag
        }
    }

    static func plain(_ status: Int, _ text: String, extra: [(String, String)] = []) -> Answer {
        Answer(
            status: status,
            headers: securityHeaders + [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")] + extra,
            body: Array((text + "\n").utf8))
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}

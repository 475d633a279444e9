import Foundation

/// Decides whether a push concerns the repository and branch fluxd follows. Repository URLs
/// are compared by host and path, whatever their form: `git@host:org/repo.git`,
/// `ssh://git@host:22/org/repo`, `https://user@host/org/repo.git`, `git://…`, `file:///…`
/// all name `host/org/repo`. Ports, user names, credentials, `.git` and case do not count.
public struct GitSourceMatcher: Sendable {
    public let repository: String
    public let branch: String
    let key: String?

    public init(repository: String, branch: String) {
        self.repository = repository
        self.branch = branch
        key = Self.normalize(repository)
    }

    public func matches(_ push: GitPush) -> Bool {
        guard push.branches.contains(branch), let key else { return false }
        return push.repositoryURLs.contains { Self.normalize($0) == key }
    }

    /// `host/path` in lower case without `.git`, or nil for text that is no repository URL.
    public static func normalize(_ url: String) -> String? {
        var text = url.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        var host = ""
        var path: String
        if let schemeEnd = text.range(of: "://") {
            let scheme = text[..<schemeEnd.lowerBound].lowercased()
            text = String(text[schemeEnd.upperBound...])
            if scheme == "file" {
                path = text
            } else {
                let slash = text.firstIndex(of: "/") ?? text.endIndex
                var authority = String(text[..<slash])
                path = String(text[slash...])
                if let at = authority.lastIndex(of: "@") { authority = String(authority[authority.index(after: at)...]) }
                if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
                    host = String(authority[...close])
                } else {
                    host = String(authority.split(separator: ":", maxSplits: 1).first ?? "")
                }
            }
        } else if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("/") {
            // scp-like: [user@]host:path
            var authority = String(text[..<colon])
            if let at = authority.lastIndex(of: "@") { authority = String(authority[authority.index(after: at)...]) }
            host = authority
            path = String(text[text.index(after: colon)...])
        } else {
            path = text
        }
        while path.hasSuffix("/") { path.removeLast() }
        if path.lowercased().hasSuffix(".git") { path.removeLast(4) }
        if !path.hasPrefix("/") { path = "/" + path }
        guard path.count > 1 else { return nil }
        return (host + path).lowercased()
    }
}

import Foundation

/// A remote base as kustomize v5 reads it (`api/internal/git/repospec.go`): the URL git clones,
/// the kustomization root inside the clone, and the query options (`ref`/`version`, `timeout`,
/// `submodules`).
///
/// Accepted forms (the same ones kustomize accepts):
/// `https://host/org/repo.git//sub/dir?ref=v1`, `git::https://…` (the `git::` prefix is ignored),
/// `ssh://git@host/org/repo.git//dir?ref=…`, `git@host:org/repo.git//dir`,
/// `github.com/org/repo/dir?ref=…` and `file:///abs/path/repo.git//dir?ref=…`.
/// The repository ends at `_git/<name>`, at `//`, or after `.git`; without such a marker it is
/// the first two path segments (`org/repo`), or, for `file://`, the whole path.
struct GitRepoSpec: Sendable, Equatable {
    /// The entry as written in the kustomization (used to detect cycles).
    var raw: String
    /// Scheme, user and host: `https://github.com/`, `git@github.com:`, `file://`.
    var host: String
    /// The repository path after the host, e.g. `org/repo.git`.
    var repositoryPath: String
    /// The kustomization root inside the repository ("" for its top).
    var rootPath: String
    /// Branch, tag or commit; empty for the remote's default branch (`HEAD`).
    var ref: String
    /// Limit for each git command.
    var timeout: TimeInterval
    /// Whether to fetch submodules (kustomize's default: yes).
    var submodules: Bool

    /// What is handed to `git fetch`.
    var cloneURL: String { host + repositoryPath }

    /// kustomize's default timeout is 27 s per git command; ours is a little more generous but
    /// still bounded. `?timeout=` overrides it as in kustomize.
    static let defaultTimeout: TimeInterval = 60

    /// Parses `entry`, or returns nil when it is not a git URL kustomize would clone.
    init?(_ entry: String) {
        guard !entry.hasPrefix("/") else { return nil }
        raw = entry
        let (beforeQuery, query) = Self.cut(entry, at: "?")
        (ref, timeout, submodules) = Self.parseQuery(query ?? "")
        guard let (host, rest) = Self.extractHost(beforeQuery) else { return nil }
        self.host = host
        guard let (repository, root) = Self.splitPath(rest, takeAllSegments: host.hasPrefix(Self.fileScheme)) else {
            return nil
        }
        repositoryPath = repository
        rootPath = root
    }

    private static let fileScheme = "file://"
    private static let schemes = ["ssh://", "https://", "http://", fileScheme]

    private static func cut(_ text: String, at separator: Character) -> (String, String?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (String(text[..<index]), String(text[text.index(after: index)...]))
    }

    private static func trimPrefixIgnoringCase(_ text: String, _ prefix: String) -> String? {
        guard text.count >= prefix.count, text.prefix(prefix.count).lowercased() == prefix else { return nil }
        return String(text.dropFirst(prefix.count))
    }

    /// `ref` (or `version`), `timeout` (seconds or a Go duration) and `submodules`, as
    /// `url.ParseQuery` reads them; a malformed query gives the defaults.
    private static func parseQuery(_ query: String) -> (String, TimeInterval, Bool) {
        var values: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            if pair.contains(";") { return ("", defaultTimeout, true) }
            let (key, value) = cut(String(pair), at: "=")
            guard let key = unescape(key), let value = unescape(value ?? "") else { return ("", defaultTimeout, true) }
            if values[key] == nil { values[key] = value }
        }
        var ref = values["version"] ?? ""
        if let explicit = values["ref"], !explicit.isEmpty { ref = explicit }
        var timeout = defaultTimeout
        if let text = values["timeout"], !text.isEmpty {
            if let seconds = Int(text), seconds > 0 {
                timeout = TimeInterval(seconds)
            } else if let duration = GoDuration.seconds(text), duration > 0 {
                timeout = duration
            }
        }
        var submodules = true
        switch values["submodules"] {
        case "1", "t", "T", "true", "TRUE", "True": submodules = true
        case "0", "f", "F", "false", "FALSE", "False": submodules = false
        default: break
        }
        return (ref, timeout, submodules)
    }

    private static func unescape(_ text: String) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Scheme, user name and host; nil when the URL has no scheme and is not SCP-like.
    private static func extractHost(_ url: String) -> (String, String)? {
        var rest = trimPrefixIgnoringCase(url, "git::") ?? url
        var scheme = ""
        for candidate in schemes {
            if let stripped = trimPrefixIgnoringCase(rest, candidate) {
                scheme = candidate
                rest = stripped
                break
            }
        }
        var username = ""
        if let match = rest.firstMatch(of: /^[a-zA-Z][a-zA-Z0-9-]*@/) {
            username = String(match.output)
            rest = String(rest[match.range.upperBound...])
        }
        let lowered = rest.lowercased()
        let standardGitHub = lowered.hasPrefix("github.com/") || lowered.hasPrefix("github.com:")
        let scpLike = scheme.isEmpty && (!username.isEmpty || standardGitHub)
        if scheme.isEmpty && !scpLike { return nil }
        // file://: everything after the scheme is the path of a local repository.
        if scheme == fileScheme { return (scheme, username + rest) }
        var separator = rest.firstIndex(of: "/")
        if scpLike, let colon = rest.firstIndex(of: ":"), colon > rest.startIndex {
            if separator == nil || colon < (separator ?? rest.endIndex) { separator = colon }
        }
        var host = rest
        var path = ""
        if let separator {
            host = String(rest[...separator])
            path = String(rest[rest.index(after: separator)...])
        }
        if standardGitHub {
            if scheme.hasPrefix("ssh://") || !username.isEmpty {
                scheme = ""
                host = "github.com:"
            } else {
                scheme = "https://"
                username = ""
                host = "github.com/"
            }
        }
        guard !host.isEmpty else { return nil }
        return (scheme + username + host, path)
    }

    /// Splits the path after the host into the repository and the kustomization root.
    private static func splitPath(_ path: String, takeAllSegments: Bool) -> (String, String)? {
        var repository = ""
        var root = ""
        if let marker = path.range(of: "_git/") {
            let segments = path[marker.upperBound...].split(separator: "/", omittingEmptySubsequences: false)
            repository = String(path[..<marker.upperBound]) + (segments.first.map(String.init) ?? "")
            root = segments.dropFirst().joined(separator: "/")
        } else if let marker = path.range(of: "//") {
            repository = String(path[..<marker.lowerBound])
            root = String(path[marker.upperBound...])
        } else if let marker = path.range(of: ".git") {
            repository = String(path[..<marker.upperBound])
            root = String(path[marker.upperBound...])
        } else if takeAllSegments {
            repository = path
        } else {
            let segments = path.split(separator: "/", omittingEmptySubsequences: false)
            guard segments.count >= 2 else { return nil }
            repository = segments.prefix(2).joined(separator: "/")
            root = segments.dropFirst(2).joined(separator: "/")
        }
        guard !repository.isEmpty else { return nil }
        // The root may not leave the repository.
        if Self.exitsRepository(root) { return nil }
        while root.hasPrefix("/") { root.removeFirst() }
        return (repository, root)
    }

    /// Whether `root`, cleaned like Go's `filepath.Clean`, starts with `..`.
    private static func exitsRepository(_ root: String) -> Bool {
        var stack: [Substring] = []
        var climbs = false
        for part in root.split(separator: "/") where part != "." {
            if part == ".." {
                if stack.isEmpty {
                    climbs = true
                    break
                }
                stack.removeLast()
            } else {
                stack.append(part)
            }
        }
        return climbs
    }
}

/// Go's `time.ParseDuration` for the `timeout` query parameter (`90s`, `1m30s`, `1.5h`).
enum GoDuration {
    static func seconds(_ text: String) -> TimeInterval? {
        let units: [(String, Double)] = [
            ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("μs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600),
        ]
        var rest = Substring(text)
        var sign = 1.0
        if rest.first == "-" || rest.first == "+" {
            sign = rest.first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.filter({ rest.hasPrefix($0.0) }).max(by: { $0.0.count < $1.0.count }) else {
                return nil
            }
            rest = rest.dropFirst(unit.0.count)
            total += value * unit.1
        }
        return sign * total
    }
}

/// One line of a `.fluxignore` file, in gitignore syntax: globs (`*`, `?`, `[...]`), `**`,
/// negation (`!`), directory-only patterns (trailing `/`) and anchored patterns (a `/` at the
/// start or in the middle anchor the pattern to the directory holding the `.fluxignore`).
public struct IgnorePattern: Sendable, CustomStringConvertible {
    /// The directory the pattern applies to, relative to the walk root ("" for the root).
    public let base: String
    public let negated: Bool
    public let directoryOnly: Bool
    /// The line as written, for messages.
    public let source: String
    let matcher: GlobMatcher

    /// Parses a line; `nil` for blank lines and comments.
    public init?(line rawLine: String, base: String) {
        var line = Substring(rawLine)
        if line.hasSuffix("\r") { line.removeLast() }
        // Trailing spaces are ignored unless escaped with a backslash.
        while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line.removeLast() }
        if line.isEmpty || line.hasPrefix("#") { return nil }
        var negated = false
        if line.hasPrefix("!") {
            negated = true
            line.removeFirst()
        } else if line.hasPrefix("\\!") || line.hasPrefix("\\#") {
            line.removeFirst()
        }
        var directoryOnly = false
        if line.hasSuffix("/") {
            directoryOnly = true
            while line.hasSuffix("/") { line.removeLast() }
        }
        if line.isEmpty { return nil }
        let anchored = line.contains("/")
        if line.hasPrefix("/") { line.removeFirst() }
        self.base = base
        self.negated = negated
        self.directoryOnly = directoryOnly
        self.source = rawLine
        self.matcher = GlobMatcher(pattern: String(line), anchored: anchored)
    }

    /// Whether the pattern matches `path` (relative to the walk root). `nil` when the path is not
    /// below the pattern's base directory.
    public func matches(_ path: String, isDirectory: Bool) -> Bool? {
        let relative: Substring
        if base.isEmpty {
            relative = Substring(path)
        } else if path.hasPrefix(base + "/") {
            relative = path.dropFirst(base.count + 1)
        } else {
            return nil
        }
        if directoryOnly && !isDirectory { return false }
        return matcher.matches(relative)
    }

    public var description: String { base.isEmpty ? source : "\(base)/.fluxignore: \(source)" }
}

/// The `.fluxignore` rules in force while walking a tree: those of the directory being walked
/// and of every directory above it. The last matching pattern wins, deeper files after
/// shallower ones, as in git.
public struct IgnoreRules: Sendable {
    public private(set) var patterns: [IgnorePattern] = []

    public init(patterns: [IgnorePattern] = []) { self.patterns = patterns }

    /// Adds the lines of a `.fluxignore` found in `base` (relative to the walk root).
    public mutating func add(fileContents: String, base: String) {
        for line in fileContents.split(separator: "\n", omittingEmptySubsequences: false) {
            if let pattern = IgnorePattern(line: String(line), base: base) { patterns.append(pattern) }
        }
    }

    public func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
        var ignored = false
        for pattern in patterns {
            if pattern.matches(path, isDirectory: isDirectory) == true { ignored = !pattern.negated }
        }
        return ignored
    }
}

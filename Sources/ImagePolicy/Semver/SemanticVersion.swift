/// A semantic version read from an image tag (`1.2.3`, `v1.2.3-rc.1+build.5`, `1.2`).
///
/// Tags are parsed the lenient way Flux v1 (Masterminds semver) did: an optional `v`, one to
/// three numeric components (missing ones are 0), then an optional pre-release and build
/// metadata. Precedence follows semver 2.0: build metadata is ignored, a pre-release sorts
/// before its release, numeric identifiers compare numerically and below alphanumeric ones.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// One dot-separated pre-release identifier.
    public enum Identifier: Sendable, Hashable, Comparable {
        case numeric(UInt64)
        case alphanumeric(String)

        public static func < (lhs: Identifier, rhs: Identifier) -> Bool {
            switch (lhs, rhs) {
            case (.numeric(let a), .numeric(let b)): return a < b
            case (.numeric, .alphanumeric): return true
            case (.alphanumeric, .numeric): return false
            case (.alphanumeric(let a), .alphanumeric(let b)): return Array(a.utf8).lexicographicallyPrecedes(b.utf8)
            }
        }
    }

    public var major: UInt64
    public var minor: UInt64
    public var patch: UInt64
    public var preRelease: [Identifier]
    public var build: String?

    public init(_ major: UInt64, _ minor: UInt64, _ patch: UInt64, preRelease: [Identifier] = [], build: String? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.preRelease = preRelease
        self.build = build
    }

    /// Parses a tag; `nil` when it is not a version.
    public init?(tag: String) {
        var text = Substring(tag)
        if text.first == "v" || text.first == "V" { text = text.dropFirst() }
        var build: String?
        if let plus = text.firstIndex(of: "+") {
            let value = text[text.index(after: plus)...]
            guard Self.isValidIdentifierList(value) else { return nil }
            build = String(value)
            text = text[..<plus]
        }
        var preRelease: [Identifier] = []
        if let dash = text.firstIndex(of: "-") {
            let value = text[text.index(after: dash)...]
            guard Self.isValidIdentifierList(value) else { return nil }
            preRelease = value.split(separator: ".").map { part in
                if part.allSatisfy(\.isASCIIDigit), let number = UInt64(part) { return .numeric(number) }
                return .alphanumeric(String(part))
            }
            text = text[..<dash]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var numbers: [UInt64] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy(\.isASCIIDigit), let number = UInt64(part) else { return nil }
            numbers.append(number)
        }
        while numbers.count < 3 { numbers.append(0) }
        self.init(numbers[0], numbers[1], numbers[2], preRelease: preRelease, build: build)
    }

    /// Whether the version carries a pre-release (`1.0.0-rc.1`).
    public var isPreRelease: Bool { !preRelease.isEmpty }

    /// The `major.minor.patch` triple, which node-semver's pre-release rule compares.
    public var release: SemanticVersion { SemanticVersion(major, minor, patch) }

    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !preRelease.isEmpty {
            text +=
                "-"
                + preRelease.map { identifier -> String in
                    switch identifier {
                    case .numeric(let n): return String(n)
                    case .alphanumeric(let s): return s
                    }
                }.joined(separator: ".")
        }
        if let build { text += "+" + build }
        return text
    }

    /// Precedence equality: build metadata does not count.
    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        lhs.major == rhs.major && lhs.minor == rhs.minor && lhs.patch == rhs.patch && lhs.preRelease == rhs.preRelease
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(preRelease)
    }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
        switch (lhs.preRelease.isEmpty, rhs.preRelease.isEmpty) {
        case (true, _): return false
        case (false, true): return true
        case (false, false): return lhs.preRelease.lexicographicallyPrecedes(rhs.preRelease)
        }
    }

    private static func isValidIdentifierList(_ text: Substring) -> Bool {
        guard !text.isEmpty else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty
                && part.utf8.allSatisfy { byte in
                    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                        || byte == UInt8(ascii: "-")
                }
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

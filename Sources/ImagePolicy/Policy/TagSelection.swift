#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A tag of an image repository with what the registry told about it.
public struct TagInfo: Sendable, Hashable {
    public var tag: String
    /// The image's creation time from its config blob; `nil` when unknown or unusable.
    public var created: Date?
    /// The manifest digest, when the scan read it.
    public var digest: String?

    public init(tag: String, created: Date? = nil, digest: String? = nil) {
        self.tag = tag
        self.created = created
        self.digest = digest
    }
}

extension TagPolicy {
    /// The tags the policy accepts, newest first.
    ///
    /// Semver: by version, descending; equal versions (`1.10` and `1.10.0`) put the longer,
    /// more explicit tag first, as Flux v1 did. Glob and regex: by creation time, descending,
    /// ties by tag name ascending; tags without a time come last (by name) and never win.
    ///
    /// A tag `latest` (in any case) is never a candidate unless the policy is exactly
    /// `glob:latest`, as in Flux v1 (`update.matchWithLatest`): a moving tag pushed last must
    /// not replace a pinned version under `glob:*`.
    public func ordered(_ tags: [TagInfo]) -> [TagInfo] {
        let accepted = tags.filter { accepts($0.tag) }
        switch self {
        case .semver:
            let versions = accepted.compactMap { info in SemanticVersion(tag: info.tag).map { (info, $0) } }
            return versions.sorted { lhs, rhs in
                if lhs.1 != rhs.1 { return lhs.1 > rhs.1 }
                return Array(rhs.0.tag.utf8).lexicographicallyPrecedes(lhs.0.tag.utf8)
            }.map(\.0)
        case .glob, .regex:
            return accepted.sorted(by: Self.newerByCreated)
        }
    }

    /// The tag to release: the newest accepted tag, or `nil` when nothing is accepted, when
    /// ordering needs times and no accepted tag has one, or when `current` already is it.
    ///
    /// With `requireCurrentTime` (image automation), ordering by time also needs the current
    /// tag's time: without it (a tag the registry no longer has, or whose time is unknown)
    /// nothing says the newest is newer than what runs, and nothing is released, as Flux v1's
    /// automation did (`calculateChanges`: "image with zero created timestamp").
    public func newestAllowed(tags: [TagInfo], current: String?, requireCurrentTime: Bool = false) -> String? {
        guard let newest = ordered(tags).first else { return nil }
        if requiresTimestamps && newest.created == nil { return nil }
        guard newest.tag != current else { return nil }
        if requireCurrentTime && requiresTimestamps && tags.first(where: { $0.tag == current })?.created == nil { return nil }
        return newest.tag
    }

    /// Whether `tag` is a candidate: the policy matches it, and it is not `latest` unless
    /// the policy asks for `latest` itself.
    public func accepts(_ tag: String) -> Bool {
        if self != .glob("latest") && tag.lowercased() == "latest" { return false }
        return matches(tag)
    }

    static func newerByCreated(_ lhs: TagInfo, _ rhs: TagInfo) -> Bool {
        switch (lhs.created, rhs.created) {
        case (let l?, let r?) where l != r: return l > r
        case (.some, nil): return true
        case (nil, .some): return false
        default: return Array(lhs.tag.utf8).lexicographicallyPrecedes(rhs.tag.utf8)
        }
    }
}

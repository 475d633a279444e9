/// Where Flux keeps policies on an object: annotations under three prefixes, read the way
/// Flux v1's `PolicyAnnotationKey` reads them.
///
/// - `fluxcd.io/<policy>`: the current prefix, the one new annotations are written under;
/// - `flux.weave.works/<policy>`: the prefix before `fluxcd.io/`, still read and updated in place;
/// - `filter.fluxcd.io/<container>`: another spelling of `tag.<container>`.
///
/// When an object carries the same policy under several prefixes, the first in that order
/// wins (Flux v1 took whichever its map iteration met last).
public enum PolicyAnnotation {
    public static let prefix = "fluxcd.io/"
    public static let alternatePrefix = "flux.weave.works/"
    public static let filterPrefix = "filter.fluxcd.io/"

    /// The key a new annotation for `policy` is written under (`fluxcd.io/<policy>`).
    public static func key(for policy: PolicyName) -> String { prefix + policy.name }

    /// Every key that may hold `policy`, in the order they are read.
    public static func keys(for policy: PolicyName) -> [String] {
        var keys = [prefix + policy.name, alternatePrefix + policy.name]
        if case .tag(let container) = policy { keys.append(filterPrefix + container) }
        return keys
    }

    /// The policy an annotation key holds, `nil` for other annotations (`fluxcd.io/sync-checksum`
    /// is not a policy).
    public static func policy(forKey key: String) -> PolicyName? {
        if key.hasPrefix(prefix) { return PolicyName(String(key.dropFirst(prefix.count))) }
        if key.hasPrefix(alternatePrefix) { return PolicyName(String(key.dropFirst(alternatePrefix.count))) }
        if key.hasPrefix(filterPrefix), key.count > filterPrefix.count {
            return .tag(container: String(key.dropFirst(filterPrefix.count)))
        }
        return nil
    }

    /// The key that holds `policy` in `annotations` (the first of `keys(for:)` present).
    public static func existingKey(for policy: PolicyName, in annotations: [String: String]) -> String? {
        keys(for: policy).first { annotations[$0] != nil }
    }

    /// The same policy under every key it may have, `key` first and then the others in reading
    /// order; `[key]` for an annotation that is not a policy. An edit of `fluxcd.io/tag.web`
    /// updates whichever of these exists and a removal removes them all.
    public static func aliases(ofKey key: String) -> [String] {
        guard let policy = policy(forKey: key) else { return [key] }
        return [key] + keys(for: policy).filter { $0 != key }
    }
}

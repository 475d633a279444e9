import Foundation

/// How often repositories are rescanned: an interval between `minimum` and `maximum` that
/// doubles each time a scan finds the tag list unchanged and drops back to `minimum` when
/// new tags appear, so busy repositories are polled often and quiet ones rarely.
public struct RefreshSchedule: Sendable, Hashable {
    public var minimum: Duration
    public var maximum: Duration
    /// How long a tag's digest is trusted before it is confirmed again with a `HEAD` (tags
    /// like `latest` move); metadata of an unchanged digest is never fetched again.
    public var tagRecheck: Duration

    public init(minimum: Duration = .seconds(60), maximum: Duration = .seconds(3600), tagRecheck: Duration = .seconds(6 * 3600)) {
        self.minimum = minimum
        self.maximum = maximum
        self.tagRecheck = tagRecheck
    }

    /// The interval after a scan, given the previous one (nil on the first scan) and whether
    /// the tag list changed.
    public func nextInterval(previous: Duration?, changed: Bool) -> Duration {
        guard let previous, !changed else { return minimum }
        return min(max(previous * 2, minimum), maximum)
    }

    static func seconds(_ duration: Duration) -> Double { TokenBucket.seconds(duration) }
}

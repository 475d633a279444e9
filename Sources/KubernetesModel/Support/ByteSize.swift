/// A number of bytes as people write it in flags: `1048576`, `512Ki`, `3Mi`, `1Gi` (Kubernetes
/// quantities), `3MiB`, `64KiB`, `1GiB`, and decimal `k`/`M`/`G`. Prints with the largest binary
/// unit that divides it (`3MiB`), so messages quote the limit the way it can be written back.
public struct ByteSize: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var bytes: Int

    public init(bytes: Int) { self.bytes = bytes }

    public static func kibibytes(_ count: Int) -> ByteSize { ByteSize(bytes: count * 1024) }
    public static func mebibytes(_ count: Int) -> ByteSize { ByteSize(bytes: count * 1024 * 1024) }

    /// `nil` for anything that is not a non-negative whole number of bytes with a known unit.
    public init?(parsing text: String) {
        let trimmed = text.trimmingWhitespace()
        let digitsEnd = trimmed.firstIndex(where: { !$0.isASCII || !$0.isNumber }) ?? trimmed.endIndex
        guard digitsEnd != trimmed.startIndex, let number = Int(trimmed[..<digitsEnd]) else { return nil }
        let scale: Int
        switch trimmed[digitsEnd...] {
        case "", "B": scale = 1
        case "Ki", "KiB": scale = 1 << 10
        case "Mi", "MiB": scale = 1 << 20
        case "Gi", "GiB": scale = 1 << 30
        case "k", "kB", "K", "KB": scale = 1000
        case "M", "MB": scale = 1_000_000
        case "G", "GB": scale = 1_000_000_000
        default: return nil
        }
        let (product, overflow) = number.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        bytes = product
    }

    public var description: String {
        for (unit, scale) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= scale && bytes % scale == 0 {
            return "\(bytes / scale)\(unit)"
        }
        return "\(bytes)B"
    }

    /// A size for people, e.g. `5.2MiB`, for "the document is N" messages.
    public static func approximate(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes)B" }
        for (unit, scale) in [("GiB", Double(1 << 30)), ("MiB", Double(1 << 20)), ("KiB", 1024.0)] where Double(bytes) >= scale {
            let tenths = (Double(bytes) / scale * 10).rounded() / 10
            return "\(tenths)\(unit)"
        }
        return "\(bytes)B"
    }

    public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }
}

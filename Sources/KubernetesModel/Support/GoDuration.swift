import KubernetesModel

/// Durations written the way Go's `time.ParseDuration` (and so Flux's and kubectl's flags)
/// accept them: `300ms`, `20s`, `5m`, `1h30m`, `1.5h`. A bare `0` is zero.
public struct GoDuration: Sendable, Hashable, CustomStringConvertible {
    public var duration: Duration

    public init(_ duration: Duration) { self.duration = duration }

    public init?(parsing text: String) {
        var rest = Substring(text.trimmingWhitespace())
        guard !rest.isEmpty else { return nil }
        var negative = false
        if rest.first == "-" || rest.first == "+" {
            negative = rest.first == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" {
            duration = .zero
            return
        }
        var totalNanoseconds: Double = 0
        while !rest.isEmpty {
            let numberEnd = rest.firstIndex(where: { !($0.isNumber || $0 == ".") }) ?? rest.endIndex
            guard numberEnd != rest.startIndex, let number = Double(rest[..<numberEnd]) else { return nil }
            rest = rest[numberEnd...]
            let unitEnd = rest.firstIndex(where: { $0.isNumber || $0 == "." }) ?? rest.endIndex
            let unit = rest[..<unitEnd]
            rest = rest[unitEnd...]
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            default: return nil
            }
            totalNanoseconds += number * scale
        }
        let nanos = Int64(totalNanoseconds.rounded())
        duration = .nanoseconds(negative ? -nanos : nanos)
    }

    public var seconds: Double {
        let (s, atto) = duration.components
        return Double(s) + Double(atto) / 1e18
    }

    /// Go's `Duration.String()` form, e.g. `5m0s`, `1h0m0s`, `500ms`.
    public var description: String {
        let totalMillis = Int64((seconds * 1000).rounded())
        if totalMillis == 0 { return "0s" }
        if abs(totalMillis) < 1000 { return "\(totalMillis)ms" }
        var remaining = totalMillis / 1000
        let fraction = totalMillis % 1000
        let hours = remaining / 3600
        remaining %= 3600
        let minutes = remaining / 60
        let secs = remaining % 60
        var secondsText = "\(secs)"
        if fraction != 0 {
            var f = String(fraction)
            while f.count < 3 { f = "0" + f }
            while f.hasSuffix("0") { f.removeLast() }
            secondsText += ".\(f)"
        }
        if hours > 0 { return "\(hours)h\(minutes)m\(secondsText)s" }
        if minutes > 0 { return "\(minutes)m\(secondsText)s" }
        return "\(secondsText)s"
    }
}

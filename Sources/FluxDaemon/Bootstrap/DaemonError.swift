/// Why fluxd could not start or run, with what to do about it.
public struct DaemonError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var underlying: (any Error & Sendable)?

    public init(_ message: String, underlying: (any Error & Sendable)? = nil) {
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        guard let underlying else { return message }
        return "\(message): \(underlying)"
    }
}

/// A file sops could not decrypt: which file, and sops's own explanation (which key groups
/// failed, a MAC mismatch, …). Never carries plaintext.
public struct SOPSError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): cannot decrypt with sops: \(message)" }
}

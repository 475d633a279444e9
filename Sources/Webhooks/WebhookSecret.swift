import Crypto
import Foundation

/// The shared secret of every hook (`--webhook-secret-file`), with the constant-time checks
/// that use it. Its value is never logged, echoed or compared with `==`.
public struct WebhookSecret: Sendable {
    let key: SymmetricKey
    let bytes: [UInt8]

    /// The file's content without trailing line breaks and spaces (files written by `echo`
    /// end in one; providers never send it).
    public init(fileContents: Data) throws(WebhookError) {
        var bytes = [UInt8](fileContents)
        while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { bytes.removeLast() }
        guard bytes.count >= 16 else {
            throw WebhookError(status: 500, "the webhook secret must be at least 16 bytes (it has \(bytes.count))")
        }
        self.bytes = bytes
        self.key = SymmetricKey(data: bytes)
    }

    public init(_ text: String) throws(WebhookError) {
        try self.init(fileContents: Data(text.utf8))
    }

    /// The hex SHA-256 of the secret: the last path component of the hook URLs of providers
    /// that cannot sign (`/hook/dockerhub/<digest>`), as `sha256sum` prints it.
    public var urlDigest: String { SHA256.hash(data: bytes).hexString }

    /// Whether `header` is `sha256=<hex HMAC-SHA256 of body>` under this secret (constant time).
    public func verifySignature(_ header: String?, body: [UInt8]) -> Bool {
        guard let header else { return false }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("sha256="), let signature = Hex.decode(String(trimmed.dropFirst(7))),
            signature.count == SHA256.byteCount
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: body, using: key)
    }

    /// `sha256=<hex>` for `body`: what a sender puts in the signature header.
    public func signature(of body: [UInt8]) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: key).hexString
    }

    /// Whether `presented` is the secret itself (constant time: both sides are hashed, then
    /// every byte of the digests is compared).
    public func matchesToken(_ presented: String?) -> Bool {
        guard let presented else { return false }
        return Self.constantTimeEqual(Array(presented.utf8), bytes)
    }

    /// Whether a URL digest is this secret's.
    public func matchesURLDigest(_ presented: String) -> Bool {
        Self.constantTimeEqual(Array(presented.lowercased().utf8), Array(urlDigest.utf8))
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        let left = Array(SHA256.hash(data: lhs))
        let right = Array(SHA256.hash(data: rhs))
        var difference: UInt8 = 0
        for index in 0..<left.count { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

enum Hex {
    static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 0x30...0x39: digit - 0x30
        case 0x61...0x66: digit - 0x61 + 10
        case 0x41...0x46: digit - 0x41 + 10
        default: nil
        }
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}

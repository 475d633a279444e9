/// An image reference split the way Flux v1's `image.ParseRef` splits it: the domain as
/// written (empty for Docker Hub), the image path and the tag. HelmRelease values hold these
/// parts in separate fields, so reading and writing them must split exactly as Flux v1 did.
public struct FluxImageRef: Sendable, Hashable, CustomStringConvertible {
    /// `registry.com`, `localhost:5000`, or empty.
    public var domain: String
    /// `bitnami/ghost`, `nginx`.
    public var image: String
    /// `1.21.5-r0`, or empty.
    public var tag: String

    public init(domain: String, image: String, tag: String) {
        self.domain = domain
        self.image = image
        self.tag = tag
    }

    /// Parses as Flux v1 does; `nil` where Flux v1 fails (empty, leading or trailing `/`, more
    /// than one `:` in the last part, an empty name or tag).
    public init?(parsing text: String) {
        guard !text.isEmpty, !text.hasPrefix("/"), !text.hasSuffix("/") else { return nil }
        let elements = text.split(separator: "/", omittingEmptySubsequences: false)
        var domain = ""
        var image = text
        if elements.count == 2, Self.looksLikeDomain(elements[0]) {
            domain = String(elements[0])
            image = String(elements[1])
        } else if elements.count > 2 {
            domain = String(elements[0])
            image = elements.dropFirst().joined(separator: "/")
        }
        let parts = image.split(separator: ":", omittingEmptySubsequences: false)
        var tag = ""
        switch parts.count {
        case 1: break
        case 2:
            guard !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            image = String(parts[0])
            tag = String(parts[1])
        default: return nil
        }
        self.init(domain: domain, image: image, tag: tag)
    }

    /// `[domain/]image`, Flux v1's `Name.String()`.
    public var name: String { domain.isEmpty ? image : domain + "/" + image }

    /// `[domain/]image[:tag]`, Flux v1's `Ref.String()`.
    public var description: String { tag.isEmpty ? name : name + ":" + tag }

    /// Flux v1's domain test: the unanchored `localhost|(c([.]c)+)(:[0-9]+)?` finds a match,
    /// i.e. the text holds `localhost` or two alphanumerics around a dot.
    static func looksLikeDomain(_ text: Substring) -> Bool {
        if text.contains("localhost") { return true }
        let bytes = Array(text.utf8)
        for index in bytes.indices where bytes[index] == UInt8(ascii: ".") {
            if index > 0, index + 1 < bytes.count, isAlphanumeric(bytes[index - 1]), isAlphanumeric(bytes[index + 1]) {
                return true
            }
        }
        return false
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}

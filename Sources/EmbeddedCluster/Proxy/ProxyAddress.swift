#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which pod addresses the proxy dials. kube-apiserver accepts only global unicast
/// addresses (`ip.IsGlobalUnicast()`); the embedded cluster also accepts loopback, because
/// its "pods" are processes on this machine.
enum ProxyAddress {
    /// `false` (→ 400 `address not allowed`) for an empty or unparsable address, unspecified
    /// (`0.0.0.0`, `::`), broadcast, multicast and link-local addresses.
    static func allowed(_ text: String) -> Bool {
        guard let bytes = parse(text) else { return false }
        if bytes.count == 4 { return allowedIPv4(bytes) }
        // IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as IPv4, as Go does.
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return allowedIPv4(Array(bytes[12..<16]))
        }
        if bytes.allSatisfy({ $0 == 0 }) { return false }
        if bytes[0] == 0xFF { return false }
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0x80 { return false }
        return true
    }

    static func allowedIPv4(_ bytes: [UInt8]) -> Bool {
        if bytes.allSatisfy({ $0 == 0 }) || bytes.allSatisfy({ $0 == 0xFF }) { return false }
        if bytes[0] >= 224 && bytes[0] <= 239 { return false }
        if bytes[0] == 169 && bytes[1] == 254 { return false }
        return true
    }

    /// 4 bytes for IPv4, 16 for IPv6, `nil` when `text` is neither.
    static func parse(_ text: String) -> [UInt8]? {
        guard !text.isEmpty else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}

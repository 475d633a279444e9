extension Sequence<UInt8> {
    /// Lower-case hexadecimal, two digits a byte (digests in names, marks and checksums).
    public var hexEncoded: String {
        let digits: [Character] = Array("0123456789abcdef")
        var text = ""
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}

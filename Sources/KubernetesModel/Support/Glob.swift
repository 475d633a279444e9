/// Flux v1's glob (ryanuber/go-glob): `*` matches any run of characters (including `/`) and
/// nothing else is special. Used by `tag.<container>: glob:` policies and by
/// `--registry-exclude-image`.
public enum Glob {
    /// Whether `text` matches `pattern` as a whole.
    public static func matches(pattern: String, _ text: String) -> Bool {
        if pattern == "*" { return true }
        let pieces = pattern.split(separator: "*", omittingEmptySubsequences: false).map { Array($0.utf8) }
        let bytes = Array(text.utf8)
        if pieces.count == 1 { return pieces[0] == bytes }
        guard let first = pieces.first, let last = pieces.last,
            bytes.count >= first.count + last.count,
            bytes.starts(with: first), bytes.reversed().starts(with: last.reversed())
        else { return false }
        var position = first.count
        let end = bytes.count - last.count
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            guard let found = find(piece, in: bytes, from: position, before: end) else { return false }
            position = found + piece.count
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, before end: Int) -> Int? {
        var index = start
        while index + needle.count <= end {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

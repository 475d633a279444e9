/// Finds and hides credentials in URLs quoted in text (git's stderr, user input echoed in
/// errors), the one implementation every module uses.
///
/// For `http://` and `https://` the whole user information goes (`https://***@host/…`): a
/// token is often the user name alone (`https://TOKEN@github.com/…`) or the user name of a
/// `TOKEN:x-oauth-basic` pair, so no part of it can be shown. For other schemes (`ssh://`) the
/// user name is a login, not a secret, and only a password is hidden (`ssh://git:***@host`).
public enum CredentialRedaction {
    /// `text` with credentials of every `scheme://user[:password]@` hidden.
    public static func redact(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let schemeEnd = rest.firstRange(of: "://") {
            let scheme = schemeName(before: schemeEnd.lowerBound, in: rest)
            result += rest[..<schemeEnd.upperBound]
            rest = rest[schemeEnd.upperBound...]
            let authorityEnd =
                rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" || $0.isWhitespace || $0 == "'" || $0 == "\"" })
                ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            guard let at = authority.lastIndex(of: "@") else { continue }
            let userInfo = authority[..<at]
            if scheme == "http" || scheme == "https" {
                result += "***"
            } else if let colon = userInfo.firstIndex(of: ":") {
                result += userInfo[..<colon]
                result += ":***"
            } else {
                result += userInfo
            }
            result += authority[at...]
            rest = rest[authorityEnd...]
        }
        result += rest
        return result
    }

    /// Whether `url` carries something `redact` would hide.
    public static func hasCredentials(_ url: String) -> Bool { redact(url) != url }

    /// The lowercased scheme that ends at `end` (letters, digits, `+`, `-`, `.`).
    static func schemeName(before end: Substring.Index, in text: Substring) -> String {
        var start = end
        while start > text.startIndex {
            let previous = text.index(before: start)
            let character = text[previous]
            guard character.isASCII, character.isLetter || character.isNumber || "+-.".contains(character) else { break }
            start = previous
        }
        return text[start..<end].lowercased()
    }
}

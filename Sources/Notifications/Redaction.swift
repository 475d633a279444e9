import Foundation

/// Removes secrets from everything a notification carries before it leaves fluxd: the
/// values of fluxd's own secrets (webhook secret, HMAC key, tokens) wherever they appear,
/// and the user-info part of URLs (`https://user:token@host` → `https://host`).
public struct Redaction: Sendable {
    let secrets: [String]

    /// `secrets` shorter than 6 characters are ignored (they would mangle ordinary words).
    public init(secrets: [String]) {
        self.secrets = secrets.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { $0.count >= 6 }
            .sorted { $0.count > $1.count }
    }

    public func apply(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "[redacted]")
        }
        return Self.stripUserInfo(result)
    }

    /// `scheme://user[:password]@host` → `scheme://host`, for every URL in `text`.
    static func stripUserInfo(_ text: String) -> String {
        guard text.contains("://"), text.contains("@") else { return text }
        var output = ""
        var rest = Substring(text)
        while let marker = rest.range(of: "://") {
            output += rest[..<marker.upperBound]
            rest = rest[marker.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == " " || $0 == "\"" || $0 == "\n" || $0 == "'" } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                rest = rest[rest.index(after: at)...]
            }
        }
        return output + rest
    }

    public func apply(_ notification: FluxNotification) -> FluxNotification {
        var copy = notification
        copy.message = apply(copy.message)
        if var source = copy.source {
            source.url = apply(source.url)
            copy.source = source
        }
        copy.errors = copy.errors.map { error in
            var error = error
            error.message = apply(error.message)
            error.object = error.object.map { apply($0) }
            return error
        }
        copy.health = copy.health.map { detail in
            var detail = detail
            detail.message = apply(detail.message)
            return detail
        }
        return copy
    }
}

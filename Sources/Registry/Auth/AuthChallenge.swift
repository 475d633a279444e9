/// A parsed `WWW-Authenticate` challenge: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`.
struct AuthChallenge: Sendable, Hashable {
    var scheme: String
    var parameters: [String: String]

    var isBearer: Bool { scheme.lowercased() == "bearer" }
    var isBasic: Bool { scheme.lowercased() == "basic" }

    /// Parses one header value; `nil` when it has no scheme.
    init?(header: String) {
        var rest = Substring(header).drop(while: { $0 == " " })
        guard let space = rest.firstIndex(of: " ") else {
            guard !rest.isEmpty else { return nil }
            scheme = String(rest)
            parameters = [:]
            return
        }
        scheme = String(rest[..<space])
        rest = rest[rest.index(after: space)...]
        var parameters: [String: String] = [:]
        while !rest.isEmpty {
            rest = rest.drop(while: { $0 == " " || $0 == "," })
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].strippingSpaces().lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        value.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].strippingSpaces()
                rest = rest[end...]
            }
            parameters[key] = value
        }
        self.parameters = parameters
    }

    init(scheme: String, parameters: [String: String]) {
        self.scheme = scheme
        self.parameters = parameters
    }
}

extension Substring {
    fileprivate func strippingSpaces() -> String {
        var result = self
        while result.first == " " { result = result.dropFirst() }
        while result.last == " " { result = result.dropLast() }
        return String(result)
    }
}

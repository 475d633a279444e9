import Foundation

/// The routes of fluxd's JSON API, version 1. fluxd registers exactly these, fluxctl calls
/// them, and `docs/api/openapi.yaml` describes them (a test keeps the three in step).
public enum APIRoute: String, CaseIterable, Sendable {
    case version = "GET /api/flux/v1/version"
    case sync = "POST /api/flux/v1/sync"
    case job = "GET /api/flux/v1/jobs/{id}"
    case identity = "GET /api/flux/v1/identity"
    case regenerateIdentity = "POST /api/flux/v1/identity/regenerate"
    case workloads = "GET /api/flux/v1/workloads"
    case images = "GET /api/flux/v1/images"
    case policies = "POST /api/flux/v1/policies"
    case releases = "POST /api/flux/v1/releases"
    case export = "GET /api/flux/v1/export"
    case status = "GET /api/flux/v1/status"
    case history = "GET /api/flux/v1/history"
    case health = "GET /api/flux/v1/health"

    /// Every API path starts with this.
    public static let prefix = "/api/flux/v1"

    /// `GET`, `POST`.
    public var method: String { String(rawValue.prefix { $0 != " " }) }

    /// The path template, with `{id}` style parameters.
    public var template: String { String(rawValue.drop { $0 != " " }.dropFirst()) }

    /// The path with parameters filled in (percent-encoded).
    public func path(_ parameters: [String: String] = [:]) -> String {
        var result = template
        for (name, value) in parameters {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let encoded = value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
            result = result.replacingOccurrences(of: "{\(name)}", with: encoded)
        }
        return result
    }
}

/// Why a call to fluxd's API failed, with the endpoint and HTTP status when there was one.
public struct FluxAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// No connection (refused, DNS, TLS, proxy through the Kubernetes API failed).
        case unreachable
        /// No answer within the timeout.
        case timeout
        /// 401: missing or wrong token.
        case unauthorized
        /// 404: unknown job, workload, route.
        case notFound
        /// 4xx other than the above: the request was wrong.
        case rejected
        /// 5xx.
        case serverError
        /// An answer that is not what the API promises.
        case invalidResponse
    }

    public var code: Code
    /// Where the request went (`http://127.0.0.1:3030`, or `pod flux/flux-abc via the Kubernetes API`).
    public var endpoint: String
    public var status: Int?
    public var message: String

    public init(_ code: Code, endpoint: String, status: Int? = nil, message: String) {
        self.code = code
        self.endpoint = endpoint
        self.status = status
        self.message = message
    }

    public var description: String {
        switch code {
        case .unreachable: "cannot reach fluxd at \(endpoint): \(message)"
        case .timeout: "fluxd at \(endpoint) did not answer: \(message)"
        case .unauthorized:
            "fluxd at \(endpoint) refused the request (401 Unauthorized): \(message); check --token / FLUX_TOKEN"
        default:
            "fluxd at \(endpoint) answered \(status.map(String.init) ?? "an error"): \(message)"
        }
    }
}

import KubernetesModel

extension APIError {
    /// `errors.NewServiceUnavailable`: what the proxy answers when there is no endpoint or
    /// the upstream cannot be reached (`error trying to reach service: ...`).
    static func serviceUnavailable(_ message: String) -> Status {
        Status(message: message, reason: "ServiceUnavailable", code: 503)
    }
}

import FluxUI

/// Where a person finds fluxd's web UI, and how they sign in: printed at start-up (on the
/// embedded cluster, so a new user sees it at once) and logged.
enum WebUIAddress {
    /// `http://HOST:PORT/ui/`; an address that listens everywhere is shown as `localhost`.
    static func url(host: String, port: Int) -> String {
        var shown = host
        if ["", "0.0.0.0", "::", "*"].contains(host) { shown = "localhost" }
        if shown.contains(":") { shown = "[\(shown)]" }
        return "http://\(shown):\(port)\(UIResponder.prefix)"
    }

    /// How to get the token the UI asks for. Never the token itself: it is a credential.
    static func tokenHint(tokenFile: String?, namespace: String, kubeconfig: String?) -> String {
        if let tokenFile { return "the content of \(tokenFile)" }
        let config = kubeconfig.map { " --kubeconfig \($0)" } ?? ""
        return
            "kubectl\(config) -n \(namespace) get secret \(APIToken.secretName) -o jsonpath='{.data.\(APIToken.secretKey)}' | base64 -d"
    }
}

import Foundation
import KubernetesModel

/// A started embedded cluster: where it listens, its credentials, and its store.
public struct RunningCluster: Sendable {
    public let host: String
    /// The bound port (the ephemeral one when 0 was configured).
    public let port: Int
    /// `http` or `https`.
    public let scheme: String
    /// The generated CA and admin client certificate, when TLS is on.
    public let certificates: ClusterCertificates?
    /// The in-memory state behind the API.
    public let store: ClusterStore

    /// `http://127.0.0.1:PORT` or `https://...`.
    public var baseURL: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart):\(port)"
    }

    /// A kubeconfig for the cluster with context `embedded`, namespace `default`; with TLS
    /// it embeds the CA and the admin client certificate and key.
    public func kubeconfig(contextName: String = "embedded") -> String {
        var cluster = "    server: \(baseURL)\n"
        var user = "  user: {}\n"
        if let certificates {
            cluster += "    certificate-authority-data: \(Self.base64(certificates.caCertificatePEM))\n"
            user =
                "  user:\n"
                + "    client-certificate-data: \(Self.base64(certificates.clientCertificatePEM))\n"
                + "    client-key-data: \(Self.base64(certificates.clientKeyPEM))\n"
        }
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
            \(cluster)  name: \(contextName)
            contexts:
            - context:
                cluster: \(contextName)
                namespace: default
                user: \(contextName)-admin
              name: \(contextName)
            current-context: \(contextName)
            preferences: {}
            users:
            - name: \(contextName)-admin
            \(user)
            """
    }

    /// Writes ``kubeconfig(contextName:)`` to `path` (mode 0600, parents created).
    public func writeKubeconfig(to path: String, contextName: String = "embedded") throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try kubeconfig(contextName: contextName).write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}

import Foundation

extension ClusterConfiguration {
    /// The service-account directory every pod gets.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The configuration of a pod talking to its own cluster, as client-go's
    /// `InClusterConfig`: server from `KUBERNETES_SERVICE_HOST`/`_PORT`, CA from `ca.crt`,
    /// the bearer token from `token` (re-read when it rotates), the namespace from
    /// `POD_NAMESPACE` or the `namespace` file.
    ///
    /// - Parameters:
    ///   - directory: where the service-account files live (injectable for tests).
    ///   - tokenRefreshInterval: how long a read token is used before the file is read again.
    public static func inCluster(
        directory: String = serviceAccountDirectory,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        tokenRefreshInterval: Duration = .seconds(60)
    ) throws(KubeConfigError) -> ClusterConfiguration {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubeConfigError(
                code: .notInCluster,
                message: "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined")
        }
        let tokenPath = directory + "/token"
        // Read once now so a pod without a token fails at start, not at the first request.
        _ = try TokenFileReader.read(tokenPath)
        let ca = try KubeConfig.readPEM(directory + "/ca.crt", what: "service-account CA")
        var namespace = environment["POD_NAMESPACE"] ?? ""
        if namespace.isEmpty {
            let namespacePath = directory + "/namespace"
            if FileManager.default.fileExists(atPath: namespacePath) {
                do {
                    namespace = try String(contentsOfFile: namespacePath, encoding: .utf8)
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                } catch {
                    throw KubeConfigError(
                        code: .fileUnreadable, message: "cannot read service-account namespace", file: namespacePath,
                        underlying: error)
                }
            }
        }
        let hostPort = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return ClusterConfiguration(
            server: "https://\(hostPort)", tls: TLSSettings(certificateAuthorityPEM: ca),
            credentials: .tokenFile(path: tokenPath, refreshInterval: tokenRefreshInterval),
            namespace: namespace.isEmpty ? "default" : namespace)
    }

    /// fluxd's order: an explicit kubeconfig, else in-cluster, else `KUBECONFIG`, else
    /// `~/.kube/config`.
    public static func automatic(
        kubeconfigPath: String? = nil, context: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        serviceAccountDirectory: String = serviceAccountDirectory
    ) throws(KubeConfigError) -> ClusterConfiguration {
        if kubeconfigPath?.isEmpty == false {
            return try KubeConfig.load(kubeconfigPath: kubeconfigPath, context: context, environment: environment)
        }
        if context == nil, environment["KUBERNETES_SERVICE_HOST"]?.isEmpty == false {
            return try inCluster(directory: serviceAccountDirectory, environment: environment)
        }
        return try KubeConfig.load(context: context, environment: environment)
    }
}

/// Reads bearer-token files (trimmed, as client-go does).
enum TokenFileReader {
    static func read(_ path: String) throws(KubeConfigError) -> String {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KubeConfigError(code: .fileUnreadable, message: "cannot read token file", file: path, underlying: error)
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw KubeConfigError(code: .fileUnreadable, message: "token file is empty", file: path)
        }
        return token
    }
}

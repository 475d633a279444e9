import Foundation
import KubernetesModel

extension KubeConfig {
    /// Loads the kubeconfig as kubectl does and resolves one context into a configuration.
    ///
    /// - An explicit `kubeconfigPath` is used alone and must exist.
    /// - Else every file in `KUBECONFIG` (colon-separated; missing files skipped) is merged,
    ///   the first file to set a value winning.
    /// - Else `~/.kube/config`.
    ///
    /// `context` overrides the files' `current-context`.
    public static func load(
        kubeconfigPath: String? = nil, context: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(KubeConfigError) -> ClusterConfiguration {
        let config = try loadMerged(kubeconfigPath: kubeconfigPath, environment: environment)
        return try config.configuration(context: context)
    }

    /// The merged kubeconfig, without choosing a context.
    public static func loadMerged(
        kubeconfigPath: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(KubeConfigError) -> KubeConfig {
        if let kubeconfigPath, !kubeconfigPath.isEmpty {
            return try read(path: kubeconfigPath)
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var merged = KubeConfig()
            var seen: Set<String> = []
            var found = false
            for path in list.split(separator: ":").map(String.init) where !path.isEmpty && !seen.contains(path) {
                seen.insert(path)
                guard FileManager.default.fileExists(atPath: path) else { continue }
                merged.merge(try read(path: path))
                found = true
            }
            if found { return merged }
            throw KubeConfigError(code: .noConfiguration, message: "no file listed in KUBECONFIG exists", file: list)
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let path = home + "/.kube/config"
        guard FileManager.default.fileExists(atPath: path) else {
            throw KubeConfigError(
                code: .noConfiguration, message: "no kubeconfig: pass --kubeconfig, set KUBECONFIG, or create it",
                file: path)
        }
        return try read(path: path)
    }

    /// Resolves a context (or the current one) into a client configuration, reading the
    /// certificate and key files it names now, so a missing or bad file fails loudly here.
    public func configuration(context requested: String? = nil) throws(KubeConfigError) -> ClusterConfiguration {
        guard let contextName = (requested?.isEmpty == false ? requested : currentContext), !contextName.isEmpty else {
            throw KubeConfigError(code: .contextNotFound, message: "no context chosen and no current-context set")
        }
        guard let context = contexts[contextName] else {
            throw KubeConfigError(code: .contextNotFound, message: "context \"\(contextName)\" not found")
        }
        guard let cluster = clusters[context.cluster] else {
            throw KubeConfigError(
                code: .clusterNotFound, message: "cluster \"\(context.cluster)\" of context \"\(contextName)\" not found")
        }
        let user: User
        if context.user.isEmpty {
            user = User()
        } else if let found = users[context.user] {
            user = found
        } else {
            throw KubeConfigError(
                code: .userNotFound, message: "user \"\(context.user)\" of context \"\(contextName)\" not found")
        }
        guard !cluster.server.isEmpty else {
            throw KubeConfigError(
                code: .invalidFormat, message: "cluster \"\(context.cluster)\" has no server", file: cluster.source)
        }
        var tls = TLSSettings(insecureSkipVerify: cluster.insecureSkipTLSVerify, serverName: cluster.tlsServerName)
        if let data = cluster.certificateAuthorityData {
            tls.certificateAuthorityPEM = data
        } else if let file = cluster.certificateAuthority {
            tls.certificateAuthorityPEM = try Self.readPEM(file, what: "certificate-authority")
        }
        if tls.insecureSkipVerify && tls.certificateAuthorityPEM != nil {
            // client-go refuses this combination rather than silently picking one.
            throw KubeConfigError(
                code: .invalidFormat,
                message: "cluster \"\(context.cluster)\": specifying a root certificates file with the insecure flag is not allowed",
                file: cluster.source)
        }
        if let data = user.clientCertificateData {
            tls.clientCertificatePEM = data
        } else if let file = user.clientCertificate {
            tls.clientCertificatePEM = try Self.readPEM(file, what: "client-certificate")
        }
        if let data = user.clientKeyData {
            tls.clientKeyPEM = data
        } else if let file = user.clientKey {
            tls.clientKeyPEM = try Self.readPEM(file, what: "client-key")
        }
        if (tls.clientCertificatePEM == nil) != (tls.clientKeyPEM == nil) {
            throw KubeConfigError(
                code: .invalidCertificate,
                message: "user \"\(context.user)\" sets a client certificate without a key, or a key without a certificate",
                file: user.source)
        }
        let credentials = try Self.credentials(user: user, name: context.user, cluster: cluster)
        return ClusterConfiguration(
            server: cluster.server, tls: tls, credentials: credentials, proxyURL: cluster.proxyURL,
            namespace: (context.namespace?.isEmpty == false ? context.namespace : nil) ?? "default")
    }

    static func credentials(user: User, name: String, cluster: Cluster) throws(KubeConfigError) -> Credentials {
        if let provider = user.authProvider {
            throw KubeConfigError(
                code: .unsupported,
                message: "user \"\(name)\" uses auth-provider \"\(provider)\", which was removed from Kubernetes; use an exec plugin",
                file: user.source)
        }
        let hasToken = user.token?.isEmpty == false || user.tokenFile?.isEmpty == false
        let hasBasic = user.username?.isEmpty == false || user.password?.isEmpty == false
        if hasToken && hasBasic {
            throw KubeConfigError(
                code: .invalidFormat,
                message: "more than one authentication method found for user \"\(name)\"; found token and basic auth, only one is allowed",
                file: user.source)
        }
        if let file = user.tokenFile, !file.isEmpty { return .tokenFile(path: file, refreshInterval: .seconds(60)) }
        if let token = user.token, !token.isEmpty { return .bearerToken(token) }
        if hasBasic { return .basic(username: user.username ?? "", password: user.password ?? "") }
        if let exec = user.exec {
            if exec.interactiveMode == "Always" {
                throw KubeConfigError(
                    code: .unsupported,
                    message: "exec plugin of user \"\(name)\" requires interactive mode, which fluxd cannot offer",
                    file: user.source)
            }
            let info =
                exec.provideClusterInfo
                ? ExecClusterInfo(
                    server: cluster.server, tlsServerName: cluster.tlsServerName,
                    insecureSkipTLSVerify: cluster.insecureSkipTLSVerify,
                    certificateAuthorityData: cluster.certificateAuthorityData, proxyURL: cluster.proxyURL)
                : nil
            return .exec(exec, clusterInfo: info)
        }
        return .none
    }

    static func readPEM(_ path: String, what: String) throws(KubeConfigError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw KubeConfigError(code: .invalidCertificate, message: "cannot read \(what)", file: path, underlying: error)
        }
    }
}

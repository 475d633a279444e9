import Foundation
import GitRepository
import KubernetesClient
import KubernetesModel

/// Where fluxd finds what git needs besides the deploy key: SSH known hosts and HTTPS
/// credentials, from flags, the cluster, or the environment.
enum GitAccess {
    /// The Flux v1 convention: a ConfigMap (or Secret) mounted as ~/.ssh; here read directly.
    static let sshConfigName = "flux-ssh-config"

    /// known_hosts text: what the user supplies (`userKnownHosts`) with the built-in keys of
    /// github.com, gitlab.com, bitbucket.org and ssh.dev.azure.com for the hosts it does not
    /// name (`KnownHosts.withBuiltIn`). Any other host is refused until its key is supplied.
    static func knownHosts(file: String?, namespace: String, client: KubernetesClient) async throws -> String {
        KnownHosts.withBuiltIn(try await userKnownHosts(file: file, namespace: namespace, client: client))
    }

    /// known_hosts text: `--git-known-hosts` file, else key `known_hosts` of the ConfigMap
    /// or Secret `flux-ssh-config` in fluxd's namespace, else empty.
    static func userKnownHosts(file: String?, namespace: String, client: KubernetesClient) async throws -> String {
        if let file {
            do {
                return try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw DaemonError("--git-known-hosts: cannot read \(file)", underlying: error)
            }
        }
        if let configMap = try await optional(Bootstrap.configMapGVK, namespace: namespace, name: sshConfigName, client: client),
            let text = configMap[path: ["data", "known_hosts"]]?.stringValue
        {
            return text
        }
        if let secret = try await optional(Bootstrap.secretGVK, namespace: namespace, name: sshConfigName, client: client),
            let encoded = secret[path: ["data", "known_hosts"]]?.stringValue
        {
            guard let bytes = Base64.decode(encoded) else {
                throw DaemonError("Secret \(namespace)/\(sshConfigName): data.known_hosts is not valid base64")
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return ""
    }

    /// HTTPS credentials: keys `username`/`password` of `--git-https-secret`, else the
    /// environment (`GIT_AUTHUSER`/`GIT_AUTHKEY`).
    static func httpsCredentials(secretName: String?, namespace: String, client: KubernetesClient) async throws
        -> HTTPSCredentials?
    {
        guard let secretName else { return HTTPSCredentials.fromEnvironment() }
        guard let secret = try await optional(Bootstrap.secretGVK, namespace: namespace, name: secretName, client: client) else {
            throw DaemonError("--git-https-secret: Secret \(namespace)/\(secretName) does not exist")
        }
        func field(_ key: String) throws -> String {
            guard let encoded = secret[path: ["data", key]]?.stringValue, let bytes = Base64.decode(encoded) else {
                throw DaemonError("--git-https-secret: Secret \(namespace)/\(secretName) has no valid data.\(key)")
            }
            return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        return HTTPSCredentials(username: try field("username"), password: try field("password"))
    }

    static func optional(_ gvk: GroupVersionKind, namespace: String, name: String, client: KubernetesClient) async throws
        -> JSONValue?
    {
        do {
            return try await client.get(gvk, namespace: namespace, name: name)
        } catch {
            if error.isNotFound { return nil }
            throw error
        }
    }
}

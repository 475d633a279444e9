import CommandRunner
import Foundation
import KubernetesModel

/// A credential an exec plugin returned (`ExecCredential.status`).
struct ExecCredential: Sendable {
    var token: String?
    var clientCertificateData: String?
    var clientKeyData: String?
    /// `nil` means "valid until the server rejects it".
    var expiration: Date?

    func isValid(at now: Date) -> Bool {
        guard let expiration else { return true }
        return now < expiration
    }
}

/// Runs an exec credential plugin per the `client.authentication.k8s.io` protocol: the
/// request goes in `KUBERNETES_EXEC_INFO`, the `ExecCredential` comes back on stdout.
enum ExecCredentialPlugin {
    static func run(_ config: ExecConfig, clusterInfo: ExecClusterInfo?, timeout: Duration = .seconds(60))
        async throws(KubernetesError) -> ExecCredential
    {
        var environment: [String: String?] = [:]
        for variable in config.env { environment[variable.name] = variable.value }
        environment["KUBERNETES_EXEC_INFO"] = execInfo(config, clusterInfo: clusterInfo).serialized()
        let result: CommandResult
        do {
            result = try await Command.run(config.command, arguments: config.args, environment: environment, timeout: timeout)
        } catch let error as CommandError {
            var message = "exec credential plugin failed to run"
            if error.code == .notFound, let hint = config.installHint, !hint.isEmpty { message += "; \(hint)" }
            throw failure(message, config, underlying: error)
        } catch {
            throw failure("exec credential plugin failed to run", config, underlying: DescribedError(error))
        }
        guard result.succeeded else {
            let stderr = String(result.standardError.prefix(512)).trimmingCharacters(in: .whitespacesAndNewlines)
            throw failure("exec credential plugin exited with status \(result.exitCode): \(stderr)", config)
        }
        return try decode(result.standardOutput, config: config)
    }

    /// The `ExecCredential` request client-go passes in `KUBERNETES_EXEC_INFO`.
    static func execInfo(_ config: ExecConfig, clusterInfo: ExecClusterInfo?) -> JSONValue {
        var spec: JSONObject = [:]
        if let info = clusterInfo {
            var cluster: JSONObject = ["server": .string(info.server)]
            if let name = info.tlsServerName { cluster["tls-server-name"] = .string(name) }
            if info.insecureSkipTLSVerify { cluster["insecure-skip-tls-verify"] = true }
            if let ca = info.certificateAuthorityData {
                cluster["certificate-authority-data"] = .string(Data(ca).base64EncodedString())
            }
            if let proxy = info.proxyURL { cluster["proxy-url"] = .string(proxy) }
            spec["cluster"] = .object(cluster)
        }
        spec["interactive"] = false
        return ["apiVersion": .string(config.apiVersion), "kind": "ExecCredential", "spec": .object(spec)]
    }

    static func decode(_ output: String, config: ExecConfig) throws(KubernetesError) -> ExecCredential {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: output)
        } catch {
            throw failure("exec credential plugin printed invalid JSON", config, underlying: error)
        }
        guard value["kind"]?.stringValue == "ExecCredential" else {
            throw failure("exec credential plugin did not print an ExecCredential", config)
        }
        let version = value["apiVersion"]?.stringValue ?? ""
        guard version == config.apiVersion else {
            throw failure(
                "exec plugin is configured to use API version \(config.apiVersion), plugin returned version \(version)",
                config)
        }
        guard let status = value["status"], status.objectValue != nil else {
            throw failure("exec plugin didn't return a status field", config)
        }
        var credential = ExecCredential(
            token: status["token"]?.stringValue, clientCertificateData: status["clientCertificateData"]?.stringValue,
            clientKeyData: status["clientKeyData"]?.stringValue)
        if credential.token?.isEmpty != false && credential.clientCertificateData == nil {
            throw failure("exec plugin didn't return a token or cert/key pair", config)
        }
        if credential.clientCertificateData != nil && credential.token?.isEmpty != false {
            throw failure(
                "exec plugin returned a client certificate; only token credentials are supported by this client",
                config)
        }
        if let stamp = status["expirationTimestamp"]?.stringValue, !stamp.isEmpty {
            guard let date = RFC3339.parse(stamp) else {
                throw failure("exec plugin returned an invalid expirationTimestamp \"\(stamp)\"", config)
            }
            credential.expiration = date
        }
        return credential
    }

    static func failure(_ message: String, _ config: ExecConfig, underlying: (any Error & Sendable)? = nil)
        -> KubernetesError
    {
        KubernetesError(code: .authentication, message: "\(message) (command \(config.command))", underlying: underlying)
    }
}

/// RFC 3339 timestamps as Kubernetes writes them (with or without fractional seconds).
enum RFC3339 {
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}

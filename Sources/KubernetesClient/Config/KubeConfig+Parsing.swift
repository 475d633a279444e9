import Foundation
import KubernetesModel

extension KubeConfig {
    /// Parses one kubeconfig file's text. Relative paths (certificate files, token files, an
    /// exec command containing a `/`) are resolved against the directory of `path`, as
    /// client-go does.
    public init(yaml: String, path: String) throws(KubeConfigError) {
        self.init()
        let document: JSONValue
        do {
            document = try JSONValue(yaml: yaml)
        } catch {
            throw KubeConfigError(code: .invalidFormat, message: "not valid YAML", file: path, underlying: error)
        }
        if document.isNull { return }  // an empty file is an empty config
        guard document.objectValue != nil else {
            throw KubeConfigError(code: .invalidFormat, message: "expected a mapping, got \(document.typeName)", file: path)
        }
        let base = (path as NSString).deletingLastPathComponent
        let parser = EntryParser(file: path, base: base)
        for entry in try parser.namedEntries(document, "clusters", inner: "cluster") {
            clusters[entry.name] = try parser.cluster(entry.value, name: entry.name)
        }
        for entry in try parser.namedEntries(document, "users", inner: "user") {
            users[entry.name] = try parser.user(entry.value, name: entry.name)
        }
        for entry in try parser.namedEntries(document, "contexts", inner: "context") {
            contexts[entry.name] = Context(
                cluster: entry.value["cluster"]?.stringValue ?? "", user: entry.value["user"]?.stringValue ?? "",
                namespace: entry.value["namespace"]?.stringValue)
        }
        if let current = document["current-context"]?.stringValue, !current.isEmpty { currentContext = current }
    }

    /// Reads and parses one file.
    public static func read(path: String) throws(KubeConfigError) -> KubeConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KubeConfigError(code: .fileUnreadable, message: "cannot read kubeconfig", file: path, underlying: error)
        }
        return try KubeConfig(yaml: text, path: path)
    }
}

/// Field-by-field reading of kubeconfig entries, with the file and entry in every error.
private struct EntryParser {
    var file: String
    var base: String

    func namedEntries(_ document: JSONValue, _ key: String, inner: String) throws(KubeConfigError) -> [(name: String, value: JSONValue)] {
        guard let list = document[key], !list.isNull else { return [] }
        guard let items = list.arrayValue else {
            throw KubeConfigError(code: .invalidFormat, message: "`\(key)` must be a list", file: file)
        }
        var result: [(name: String, value: JSONValue)] = []
        for (index, item) in items.enumerated() {
            guard let name = item["name"]?.stringValue, !name.isEmpty else {
                throw KubeConfigError(code: .invalidFormat, message: "`\(key)[\(index)]` has no name", file: file)
            }
            result.append((name, item[inner] ?? .object(JSONObject())))
        }
        return result
    }

    func path(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, !text.isEmpty else { return nil }
        if text.hasPrefix("/") || base.isEmpty { return text }
        return base + "/" + text
    }

    func base64(_ value: JSONValue?, field: String, entry: String) throws(KubeConfigError) -> [UInt8]? {
        guard let text = value?.stringValue, !text.isEmpty else { return nil }
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact) else {
            throw KubeConfigError(code: .invalidFormat, message: "`\(field)` of \(entry) is not valid base64", file: file)
        }
        return Array(data)
    }

    func cluster(_ value: JSONValue, name: String) throws(KubeConfigError) -> KubeConfig.Cluster {
        let entry = "cluster \"\(name)\""
        var cluster = KubeConfig.Cluster(server: value["server"]?.stringValue ?? "")
        cluster.certificateAuthority = path(value["certificate-authority"])
        cluster.certificateAuthorityData = try base64(
            value["certificate-authority-data"], field: "certificate-authority-data", entry: entry)
        cluster.insecureSkipTLSVerify = value["insecure-skip-tls-verify"]?.boolValue ?? false
        cluster.tlsServerName = value["tls-server-name"]?.stringValue
        cluster.proxyURL = value["proxy-url"]?.stringValue
        cluster.source = file
        return cluster
    }

    func user(_ value: JSONValue, name: String) throws(KubeConfigError) -> KubeConfig.User {
        let entry = "user \"\(name)\""
        var user = KubeConfig.User()
        user.token = value["token"]?.stringValue
        user.tokenFile = path(value["tokenFile"])
        user.clientCertificate = path(value["client-certificate"])
        user.clientCertificateData = try base64(value["client-certificate-data"], field: "client-certificate-data", entry: entry)
        user.clientKey = path(value["client-key"])
        user.clientKeyData = try base64(value["client-key-data"], field: "client-key-data", entry: entry)
        user.username = value["username"]?.stringValue
        user.password = value["password"]?.stringValue
        user.authProvider = value[path: ["auth-provider", "name"]]?.stringValue
        user.source = file
        if let exec = value["exec"], !exec.isNull {
            user.exec = try execConfig(exec, entry: entry)
        }
        return user
    }

    func execConfig(_ value: JSONValue, entry: String) throws(KubeConfigError) -> ExecConfig {
        guard let command = value["command"]?.stringValue, !command.isEmpty else {
            throw KubeConfigError(code: .invalidFormat, message: "exec plugin of \(entry) has no command", file: file)
        }
        // client-go: a command with a path separator is relative to the kubeconfig; a bare
        // name is looked up in PATH.
        let resolved = command.contains("/") ? (path(.string(command)) ?? command) : command
        var config = ExecConfig(
            command: resolved, apiVersion: value["apiVersion"]?.stringValue ?? "client.authentication.k8s.io/v1")
        config.args = (value["args"]?.arrayValue ?? []).compactMap(\.stringValue)
        config.env = (value["env"]?.arrayValue ?? []).compactMap { item in
            guard let name = item["name"]?.stringValue else { return nil }
            return (name: name, value: item["value"]?.stringValue ?? "")
        }
        config.interactiveMode = value["interactiveMode"]?.stringValue
        config.provideClusterInfo = value["provideClusterInfo"]?.boolValue ?? false
        config.installHint = value["installHint"]?.stringValue
        return config
    }
}

import Foundation
import KubernetesModel

/// A username and password (or token) for one registry. `description` never shows the secret.
public struct RegistryCredential: Sendable, Hashable, CustomStringConvertible {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// The `Authorization: Basic` value.
    var basicAuthorization: String { "Basic " + Data("\(username):\(password)".utf8).base64EncodedString() }

    public var description: String { "RegistryCredential(username: \(username), password: <redacted>)" }
}

/// Registry credentials by host, from docker `config.json` files and Kubernetes pull secrets.
///
/// Keys are normalised the way docker does: scheme and path are dropped
/// (`https://index.docker.io/v1/` → `docker.io`) and Docker Hub aliases collapse to `docker.io`.
public struct Keychain: Sendable, Hashable {
    public private(set) var entries: [String: RegistryCredential]

    public init(_ entries: [String: RegistryCredential] = [:]) {
        self.entries = [:]
        for (host, credential) in entries { self.entries[Self.normalise(host)] = credential }
    }

    /// The credential for a registry (`ImageReference.registry`, e.g. `docker.io`, `host:5000`).
    public func credential(for registry: String) -> RegistryCredential? {
        entries[Self.normalise(registry)]
    }

    /// These entries, with `other`'s taking precedence where both name a host.
    public func merging(_ other: Keychain) -> Keychain {
        var result = self
        for (host, credential) in other.entries { result.entries[host] = credential }
        return result
    }

    public mutating func set(_ credential: RegistryCredential, for host: String) {
        entries[Self.normalise(host)] = credential
    }

    /// The registry part of a config key: `https://host:5000/v1/` → `host:5000`.
    public static func normalise(_ key: String) -> String {
        var text = Substring(key.lowercased())
        for scheme in ["https://", "http://"] where text.hasPrefix(scheme) { text = text.dropFirst(scheme.count) }
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        let host = String(text)
        return ImageReference.dockerHubAliases.contains(host) ? ImageReference.dockerHub : host
    }
}

/// Why registry credentials could not be read; names the source (file or Secret) and the entry.
public struct KeychainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `config.json` path or `Secret namespace/name`.
    public var source: String
    public var entry: String?
    public var reason: String

    public var description: String {
        "registry credentials in \(source)\(entry.map { " (entry \"\($0)\")" } ?? ""): \(reason)"
    }
}

extension Keychain {
    /// Reads a docker `config.json` (`--docker-config`): `{"auths": {host: {auth | username, password}}}`.
    public static func load(dockerConfigAt path: String) throws(KeychainError) -> Keychain {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw KeychainError(source: path, entry: nil, reason: "cannot read: \(error.localizedDescription)")
        }
        return try parse(dockerConfigJSON: Array(data), source: path)
    }

    /// Parses the bytes of a docker `config.json` / `.dockerconfigjson`.
    public static func parse(dockerConfigJSON bytes: [UInt8], source: String) throws(KeychainError) -> Keychain {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: bytes)
        } catch {
            throw KeychainError(source: source, entry: nil, reason: error.description)
        }
        guard let auths = document["auths"] else { return Keychain() }
        guard let object = auths.objectValue else {
            throw KeychainError(source: source, entry: nil, reason: "\"auths\" is a \(auths.typeName), expected object")
        }
        return try parse(entries: object, source: source)
    }

    /// Parses the legacy `.dockercfg` form: `{host: {auth | username, password}}` without `auths`.
    public static func parse(dockercfg bytes: [UInt8], source: String) throws(KeychainError) -> Keychain {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: bytes)
        } catch {
            throw KeychainError(source: source, entry: nil, reason: error.description)
        }
        guard let object = document.objectValue else {
            throw KeychainError(source: source, entry: nil, reason: "expected an object, got \(document.typeName)")
        }
        return try parse(entries: object, source: source)
    }

    /// Reads a pull secret (`kubernetes.io/dockerconfigjson` or `kubernetes.io/dockercfg`), as
    /// returned by the API server (values in `data` are base64).
    public static func parse(pullSecret secret: JSONValue) throws(KeychainError) -> Keychain {
        let namespace = secret[path: ["metadata", "namespace"]]?.stringValue ?? ""
        let name = secret[path: ["metadata", "name"]]?.stringValue ?? ""
        let source = "Secret \(namespace.isEmpty ? name : namespace + "/" + name)"
        let type = secret["type"]?.stringValue ?? ""
        let key: String
        switch type {
        case "kubernetes.io/dockerconfigjson": key = ".dockerconfigjson"
        case "kubernetes.io/dockercfg": key = ".dockercfg"
        default: throw KeychainError(source: source, entry: nil, reason: "type \"\(type)\" is not a docker pull secret")
        }
        let bytes: [UInt8]
        if let encoded = secret[path: ["data", key]]?.stringValue {
            guard let decoded = Data(base64Encoded: encoded) else {
                throw KeychainError(source: source, entry: key, reason: "data is not base64")
            }
            bytes = Array(decoded)
        } else if let plain = secret[path: ["stringData", key]]?.stringValue {
            bytes = Array(plain.utf8)
        } else {
            throw KeychainError(source: source, entry: key, reason: "missing data key")
        }
        if key == ".dockercfg" { return try parse(dockercfg: bytes, source: source) }
        return try parse(dockerConfigJSON: bytes, source: source)
    }

    private static func parse(entries: JSONObject, source: String) throws(KeychainError) -> Keychain {
        var keychain = Keychain()
        for (host, value) in entries {
            if let auth = value["auth"]?.stringValue, !auth.isEmpty {
                guard let decoded = Data(base64Encoded: auth) else {
                    throw KeychainError(source: source, entry: host, reason: "\"auth\" is not base64")
                }
                let text = String(decoding: decoded, as: UTF8.self)
                guard let colon = text.firstIndex(of: ":") else {
                    throw KeychainError(source: source, entry: host, reason: "\"auth\" is not user:password")
                }
                keychain.set(
                    RegistryCredential(username: String(text[..<colon]), password: String(text[text.index(after: colon)...])),
                    for: host)
            } else if let username = value["username"]?.stringValue, let password = value["password"]?.stringValue {
                keychain.set(RegistryCredential(username: username, password: password), for: host)
            }
            // Entries with neither (only `identitytoken` or credential helpers) carry nothing usable here.
        }
        return keychain
    }
}

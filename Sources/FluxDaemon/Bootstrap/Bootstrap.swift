import GitRepository
import KubernetesClient
import KubernetesModel
import Logging

/// Start-up steps that need the cluster: fluxd's namespace and its deploy key.
enum Bootstrap {
    static let namespaceGVK = GroupVersionKind(group: "", version: "v1", kind: "Namespace")
    static let secretGVK = GroupVersionKind(group: "", version: "v1", kind: "Secret")
    static let configMapGVK = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")

    /// fluxd's own namespace: the pod's when in a cluster, else `--k8s-namespace`. It must
    /// exist, except on the embedded cluster, where it is created.
    static func ensureNamespace(_ name: String, create: Bool, client: KubernetesClient, logger: Logger) async throws {
        do {
            _ = try await client.get(namespaceGVK, name: name)
            return
        } catch {
            guard error.isNotFound else { throw error }
        }
        guard create else {
            throw DaemonError(
                "fluxd's namespace \"\(name)\" does not exist: create it (kubectl create namespace \(name)) or choose another with --k8s-namespace"
            )
        }
        let namespace: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]]
        _ = try await client.apply(namespace, fieldManager: "flux", force: true)
        logger.info("created namespace on the embedded cluster", metadata: ["namespace": "\(name)"])
    }

    /// The SSH deploy key kept in the Secret `secretName` (data key `dataKey`,
    /// `--k8s-secret-data-key`, Flux v1's `identity` by default); generated and stored on first
    /// start, reused afterwards.
    static func deployKey(
        secretName: String, dataKey: String = "identity", namespace: String, generation: DeployKey.Generation,
        client: KubernetesClient, logger: Logger
    ) async throws -> DeployKey {
        var existing: JSONValue?
        do {
            existing = try await client.get(secretGVK, namespace: namespace, name: secretName)
        } catch {
            guard error.isNotFound else { throw error }
            existing = nil
        }
        if let encoded = existing?[path: ["data", dataKey]]?.stringValue, !encoded.isEmpty {
            guard let bytes = Base64.decode(encoded) else {
                throw DaemonError("Secret \(namespace)/\(secretName): data.\(dataKey) is not valid base64")
            }
            return try await DeployKey.load(privateKey: String(decoding: bytes, as: UTF8.self))
        }
        if let directory = generation.directory, generation.usableDirectory == nil {
            logger.warning(
                "--ssh-keygen-dir is not a writable directory; generating the key in the temporary directory",
                metadata: ["directory": "\(directory)"])
        }
        let key = try await DeployKey.generate(generation)
        try await store(key, secretName: secretName, dataKey: dataKey, namespace: namespace, client: client)
        logger.info(
            "generated SSH deploy key; add it to the git host",
            metadata: ["secret": "\(namespace)/\(secretName)", "fingerprint": "\(key.fingerprint)", "publicKey": "\(key.publicKey)"])
        return key
    }

    /// Writes the deploy key into its Secret (data key `dataKey`), replacing any there.
    static func store(
        _ key: DeployKey, secretName: String, dataKey: String = "identity", namespace: String, client: KubernetesClient
    ) async throws {
        let secret: JSONValue = [
            "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
            "metadata": ["name": .string(secretName), "namespace": .string(namespace)],
            "data": .object([dataKey: .string(Base64.encode(Array(key.privateKey.utf8)))]),
        ]
        _ = try await client.apply(secret, fieldManager: "flux", force: true)
    }
}

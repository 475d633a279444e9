import AsyncHTTPClient
import KubernetesModel
import Logging

/// A client for one cluster: dynamic (unstructured `JSONValue`) CRUD, server-side apply,
/// patches, watches and discovery. It owns one `HTTPClient`; call `shutdown()` when done,
/// or use `withClient` so the scope ends it.
public final class KubernetesClient: Sendable {
    public let configuration: ClusterConfiguration
    let transport: HTTPTransport
    let discovery = DiscoveryCache()
    let logger: Logger

    /// Creates the client and its HTTP connection pool. Fails when the TLS material does not
    /// load or the server URL is malformed.
    public init(configuration: ClusterConfiguration, logger: Logger) throws(KubernetesError) {
        self.configuration = configuration
        self.logger = logger
        transport = try HTTPTransport(configuration: configuration, logger: logger)
    }

    /// Closes connections. The client must not be used afterwards.
    public func shutdown() async throws {
        try await transport.shutdown()
    }

    /// Runs `body` with a client that is shut down when `body` returns or throws.
    public static func withClient<Result: Sendable>(
        _ configuration: ClusterConfiguration, logger: Logger,
        _ body: (KubernetesClient) async throws -> Result
    ) async throws -> Result {
        let client = try KubernetesClient(configuration: configuration, logger: logger)
        let result: Result
        do {
            result = try await body(client)
        } catch {
            // The body's error is the one to report; a failed shutdown after it is only logged.
            do {
                try await client.shutdown()
            } catch let shutdownError {
                logger.debug("client shutdown failed", metadata: ["error": "\(shutdownError)"])
            }
            throw error
        }
        try await client.shutdown()
        return result
    }

    /// The namespace used for namespaced objects that name none (the context's namespace).
    public var defaultNamespace: String { configuration.namespace }

    /// The resource name, scope and verbs serving `gvk`, from discovery (cached; refreshed
    /// when the kind is unknown).
    public func resource(for gvk: GroupVersionKind) async throws(KubernetesError) -> APIResource {
        try await discovery.resource(for: gvk, transport: transport)
    }

    /// Forgets cached discovery.
    public func invalidateDiscovery() async {
        await discovery.invalidate()
    }

    /// `/version`.
    public func serverVersion() async throws(KubernetesError) -> ServerVersion {
        let response = try await transport.send(APIRequest(method: .GET, path: "/version"))
        let value = try decodeJSON(response.body, verb: "GET", path: "/version")
        return ServerVersion(
            major: value["major"]?.stringValue ?? "", minor: value["minor"]?.stringValue ?? "",
            gitVersion: value["gitVersion"]?.stringValue ?? "", platform: value["platform"]?.stringValue ?? "")
    }

    /// Sends a raw request (for endpoints without a helper) and returns the parsed body.
    public func raw(method: String, path: String, query: [(name: String, value: String)] = [], body: JSONValue? = nil)
        async throws(KubernetesError) -> JSONValue
    {
        let request = APIRequest(
            method: .init(rawValue: method), path: path, query: query, body: body?.serializedBytes())
        let response = try await transport.send(request)
        if response.body.isEmpty { return .null }
        return try decodeJSON(response.body, verb: method, path: path)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import KubernetesModel
import Logging

/// The HTTP face of the embedded cluster: routes kube-apiserver URLs to discovery,
/// OpenAPI and resource handlers over the ``ClusterStore``.
struct APIServerResponder: HTTPResponder {
    typealias Context = APIRequestContext

    let store: ClusterStore
    /// `host:port` advertised in `/api`'s serverAddressByClientCIDRs.
    let serverAddress: AddressBox
    let bookmarkInterval: Duration
    let logger: Logger
    var maxRequestBodyBytes = EmbeddedClusterConfiguration.apiServerMaxRequestBodyBytes
    /// Test-only injected faults.
    var faults: FaultInjector?

    func respond(to request: Request, context: Context) async throws -> Response {
        if let faults, let fault = faults.fault(method: request.method.rawValue, path: request.uri.path) {
            let (status, retryAfter) = FaultInjector.status(for: fault)
            var response = Responses.status(status)
            if let retryAfter, let name = HTTPField.Name("Retry-After") { response.headers[name] = "\(retryAfter)" }
            return response
        }
        do {
            return try await route(request, context: context)
        } catch let status as Status {
            return Responses.status(status)
        }
    }

    func route(_ request: Request, context: Context) async throws -> Response {
        let path = APIPath(request.uri.path)
        switch path {
        case .version: return Responses.json(Discovery.version())
        case .health: return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok")))
        case .coreVersions: return Responses.json(Discovery.coreVersions(serverAddress: serverAddress.description))
        case .groupList: return Responses.json(Discovery.groupList(await store.currentRegistry()))
        case .group(let name):
            guard let group = Discovery.apiGroup(await store.currentRegistry(), name: name) else { throw APIError.pathNotFound() }
            return Responses.json(group)
        case .resourceList(let group, let version):
            guard let list = Discovery.resourceList(await store.currentRegistry(), group: group, version: version) else {
                throw APIError.pathNotFound()
            }
            return Responses.json(list)
        case .openAPIv2:
            throw APIError.pathNotFound()
        case .openAPIv3Root:
            return Responses.json(OpenAPIDocuments.root(await store.currentRegistry(), generation: await store.currentResourceVersion()))
        case .openAPIv3(let group, let version):
            guard let document = OpenAPIDocuments.groupVersion(await store.currentRegistry(), group: group, version: version) else {
                throw APIError.pathNotFound()
            }
            return Responses.json(document)
        case .resource(let resourcePath):
            if let proxy = ProxyPath(rawPath: request.uri.path) {
                return try await ProxyHandler(store: store, logger: logger).handle(request, path: proxy, context: context)
            }
            let target = try await resolve(resourcePath)
            return try await ResourceHandler(
                store: store, bookmarkInterval: bookmarkInterval, logger: logger, maxRequestBodyBytes: maxRequestBodyBytes
            ).handle(request, target: target, context: context)
        case .unknown:
            throw APIError.pathNotFound()
        }
    }

    /// Resolves `.../namespaces/NS/RES/NAME/SUB` or `.../RES/NAME/SUB` against the registry.
    func resolve(_ path: APIPath.ResourcePath) async throws(Status) -> ResourceTarget {
        let s = path.segments
        if s.count >= 3, s[0] == "namespaces",
            let type = await store.resourceType(group: path.group, version: path.version, plural: s[2]), type.namespaced
        {
            guard s.count <= 5 else { throw APIError.pathNotFound() }
            return ResourceTarget(type: type, namespace: s[1], name: s.count > 3 ? s[3] : nil, subresource: s.count > 4 ? s[4] : nil)
        }
        guard let first = s.first, s.count <= 3,
            let type = await store.resourceType(group: path.group, version: path.version, plural: first)
        else { throw APIError.pathNotFound() }
        if type.namespaced, s.count > 1 { throw APIError.pathNotFound() }
        return ResourceTarget(type: type, namespace: nil, name: s.count > 1 ? s[1] : nil, subresource: s.count > 2 ? s[2] : nil)
    }
}

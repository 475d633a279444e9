import HTTPTypes
import Hummingbird
import KubernetesModel
import Logging

/// The `pods/proxy` and `services/proxy` subresources (kube-apiserver's `ProxyREST`
/// connecters): finds the upstream in the store, then forwards the request to it.
struct ProxyHandler: Sendable {
    let store: ClusterStore
    let logger: Logger

    /// `proxyMethods` of the pod and service `ProxyREST`.
    static let methods: Set<HTTPRequest.Method> = [.get, .post, .put, .patch, .delete, .head, .options]

    func handle(_ request: Request, path: ProxyPath, context: APIRequestContext) async throws -> Response {
        guard Self.methods.contains(request.method) else { throw APIError.methodNotAllowed() }
        let location = try await ProxyResolver(store: store).location(for: path)
        // proxyRedirectsforRootPath: `.../proxy` without a slash answers GET and HEAD with a
        // redirect to `.../proxy/` (kubernetes issue 4958), before any upstream is dialled.
        if path.subpath.isEmpty, request.method == .get || request.method == .head {
            var headers = HTTPFields()
            headers[.location] = request.uri.path + "/" + (request.uri.query.map { $0.isEmpty ? "" : "?\($0)" } ?? "")
            return Response(status: .movedPermanently, headers: headers, body: ResponseBody())
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        return try await ProxyForwarder(logger: logger)
            .forward(request, body: body, path: path, to: location, clientAddress: context.remoteIPAddress)
    }
}

/// The proxy subresources as a real cluster's `/api/v1` discovery lists them.
enum ProxyDiscovery {
    static let verbs: JSONValue = ["create", "delete", "get", "patch", "update"]

    /// `pods/proxy` (`PodProxyOptions`) or `services/proxy` (`ServiceProxyOptions`) for the
    /// core v1 resources that have one; empty for every other resource.
    static func subresources(of type: ResourceType) -> [JSONValue] {
        guard type.group.isEmpty, type.version == "v1" else { return [] }
        let kind: String
        switch type.plural {
        case "pods": kind = "PodProxyOptions"
        case "services": kind = "ServiceProxyOptions"
        default: return []
        }
        return [
            [
                "name": .string("\(type.plural)/proxy"), "singularName": "", "namespaced": true,
                "kind": .string(kind), "verbs": verbs,
            ]
        ]
    }
}

import KubernetesModel
import NIOHTTP1

/// Caches discovery per group/version. A kind that is not in the cache triggers a fetch of
/// its group/version, so CRDs created while the client runs are found; a kind the server
/// still does not serve is an `unknownKind` error.
actor DiscoveryCache {
    private var resources: [GroupVersion: [APIResource]] = [:]

    func resource(for gvk: GroupVersionKind, transport: HTTPTransport) async throws(KubernetesError) -> APIResource {
        if let found = resources[gvk.groupVersion]?.first(where: { $0.kind == gvk.kind }) { return found }
        let fetched = try await fetch(gvk.groupVersion, transport: transport)
        if let found = fetched.first(where: { $0.kind == gvk.kind }) { return found }
        throw KubernetesError(
            code: .unknownKind, message: "the server does not serve kind \(gvk.kind) in \(gvk.apiVersion)",
            object: ObjectReference(kind: gvk.kind))
    }

    /// The resources of one group/version, from the cache or the server.
    func resources(in groupVersion: GroupVersion, transport: HTTPTransport) async throws(KubernetesError) -> [APIResource] {
        if let cached = resources[groupVersion] { return cached }
        return try await fetch(groupVersion, transport: transport)
    }

    /// Forgets everything (e.g. after CRDs were deleted).
    func invalidate() { resources = [:] }

    @discardableResult
    func fetch(_ groupVersion: GroupVersion, transport: HTTPTransport) async throws(KubernetesError) -> [APIResource] {
        let path = groupVersion.group.isEmpty ? "/api/\(groupVersion.version)" : "/apis/\(groupVersion.group)/\(groupVersion.version)"
        let response: APIResponse
        do {
            response = try await transport.send(APIRequest(method: .GET, path: path))
        } catch  where error.isNotFound {
            resources[groupVersion] = nil
            throw KubernetesError(
                code: .unknownKind, message: "the server does not serve \(groupVersion.apiVersion)", httpStatus: 404,
                status: error.status, verb: "GET", path: path)
        }
        let value = try decodeJSON(response.body, verb: "GET", path: path)
        let list = APIResource.decodeList(value, groupVersion: groupVersion)
        resources[groupVersion] = list
        return list
    }
}

/// Parses a response body, keeping the parse error and the request in the failure.
func decodeJSON(_ body: [UInt8], verb: String, path: String, object: ObjectReference? = nil) throws(KubernetesError) -> JSONValue {
    do {
        return try JSONValue(parsing: body)
    } catch {
        throw KubernetesError(
            code: .decoding, message: "the response is not valid JSON", verb: verb, path: path, object: object,
            underlying: error)
    }
}

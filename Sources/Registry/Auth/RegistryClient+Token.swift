import AsyncHTTPClient
import Foundation
import KubernetesModel

extension RegistryClient {
    /// A bearer token for the request's scope: cached until `expires_in` runs out, else fetched
    /// from the challenge's realm (with the credential as basic auth when there is one).
    func bearerToken(
        for request: RegistryRequest, challenge: AuthChallenge, state: RegistryHostState, refresh: Bool
    ) async throws -> String {
        let scope = request.scope
        let key = scope + "|" + (request.credential?.username ?? "")
        if !refresh, let cached = await state.token(for: key) { return cached }
        guard let realm = challenge.parameters["realm"], var components = URLComponents(string: realm),
            components.scheme == "http" || components.scheme == "https"
        else {
            throw RegistryError(
                code: .tokenFailed, host: request.image.registry, repository: request.image.repository,
                message: "bearer challenge without a usable realm")
        }
        var query = components.queryItems ?? []
        if let service = challenge.parameters["service"] { query.append(URLQueryItem(name: "service", value: service)) }
        query.append(URLQueryItem(name: "scope", value: scope))
        components.queryItems = query
        guard let url = components.string else {
            throw RegistryError(
                code: .tokenFailed, host: request.image.registry, repository: request.image.repository,
                message: "cannot build token URL from realm \(realm)")
        }
        var http = HTTPClientRequest(url: url)
        http.headers.add(name: "Accept", value: "application/json")
        http.headers.add(name: "User-Agent", value: "swiftflux")
        if let credential = request.credential { http.headers.add(name: "Authorization", value: credential.basicAuthorization) }
        var tokenRequest = request
        tokenRequest.url = url
        tokenRequest.method = .GET
        let response = try await execute(http, request: tokenRequest)
        guard (200..<300).contains(response.status) else {
            throw RegistryError(
                code: response.status == 401 || response.status == 403 ? .unauthorized : .tokenFailed,
                host: request.image.registry, repository: request.image.repository, status: response.status,
                message: "token endpoint \(components.host ?? realm): " + RegistryResponse.errorMessage(response.body))
        }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: response.body)
        } catch {
            throw RegistryError(
                code: .tokenFailed, host: request.image.registry, repository: request.image.repository,
                status: response.status, message: "token response: \(error.description)")
        }
        guard let token = document["token"]?.stringValue ?? document["access_token"]?.stringValue, !token.isEmpty else {
            throw RegistryError(
                code: .tokenFailed, host: request.image.registry, repository: request.image.repository,
                status: response.status, message: "token response has neither token nor access_token")
        }
        // Spec: expires_in defaults to 60 s; keep a margin so a token never expires in flight.
        let lifetime = max(Int(document["expires_in"]?.intValue ?? 60), 1)
        let margin = min(10, lifetime / 5)
        await state.store(token: token, for: key, lifetime: .seconds(lifetime - margin))
        return token
    }
}

import Foundation

/// Calls fluxd's API through a transport and decodes the answers.
public struct FluxAPIClient: Sendable {
    public let transport: any FluxTransport

    public init(transport: any FluxTransport) {
        self.transport = transport
    }

    public func version() async throws(FluxAPIError) -> VersionInfo {
        try await call(.version)
    }

    /// Starts a sync job (fetch, apply); returns its ID.
    public func sync() async throws(FluxAPIError) -> JobReference {
        try await call(.sync, body: [String: String]())
    }

    public func job(_ id: String) async throws(FluxAPIError) -> JobStatus {
        try await call(.job, parameters: ["id": id])
    }

    /// Polls the job every `interval` until it finishes, calling `progress` whenever its state
    /// or progress text changes. Gives up with `.timeout` after `timeout`.
    public func waitForJob(
        _ id: String, timeout: Duration, interval: Duration = .milliseconds(250),
        progress: (JobStatus) -> Void = { _ in }
    ) async throws(FluxAPIError) -> JobStatus {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var last: (JobState, String?)?
        while true {
            let status = try await job(id)
            if last?.0 != status.state || last?.1 != status.progress {
                progress(status)
                last = (status.state, status.progress)
            }
            if status.state.isFinished { return status }
            guard clock.now < deadline else {
                throw FluxAPIError(
                    .timeout, endpoint: transport.endpoint,
                    message: "job \(id) still \(status.state.rawValue) after \(timeout) (--timeout); it goes on in fluxd")
            }
            do { try await Task.sleep(for: interval) } catch {
                throw FluxAPIError(.timeout, endpoint: transport.endpoint, message: "cancelled")
            }
        }
    }

    public func identity() async throws(FluxAPIError) -> IdentityInfo {
        try await call(.identity)
    }

    public func regenerateIdentity() async throws(FluxAPIError) -> IdentityInfo {
        try await call(.regenerateIdentity, body: [String: String]())
    }

    /// Workloads in `namespace`, or in every namespace when `nil`.
    public func workloads(namespace: String?) async throws(FluxAPIError) -> [WorkloadStatus] {
        try await call(.workloads, query: namespace.map { [("namespace", $0)] } ?? [])
    }

    /// Images of one workload (`workload`), of a namespace, or of everything.
    public func images(workload: String?, namespace: String?) async throws(FluxAPIError) -> [WorkloadImages] {
        var query: [(String, String)] = []
        if let workload { query.append(("workload", workload)) }
        if let namespace { query.append(("namespace", namespace)) }
        return try await call(.images, query: query)
    }

    public func updatePolicies(_ request: PolicyRequest) async throws(FluxAPIError) -> JobReference {
        try await call(.policies, body: request)
    }

    public func release(_ request: ReleaseRequest) async throws(FluxAPIError) -> JobReference {
        try await call(.releases, body: request)
    }

    /// The cluster's workloads as a YAML stream of clean manifests.
    public func export() async throws(FluxAPIError) -> String {
        let response = try await send(.export)
        return String(decoding: response.body, as: UTF8.self)
    }

    /// What fluxd syncs, what it applied last and how that went (the web UI's overview).
    public func status() async throws(FluxAPIError) -> DaemonStatus {
        try await call(.status)
    }

    /// fluxd's activity since it started, newest first: entries after `after` (a sequence
    /// number from an earlier answer), at most `limit`.
    public func history(after: Int? = nil, limit: Int? = nil) async throws(FluxAPIError) -> HistoryPage {
        var query: [(String, String)] = []
        if let after { query.append(("after", String(after))) }
        if let limit { query.append(("limit", String(limit))) }
        return try await call(.history, query: query)
    }

    /// The health of the objects of the last applied revision.
    public func health() async throws(FluxAPIError) -> HealthReport {
        try await call(.health)
    }

    // MARK: - Plumbing

    func call<Response: Decodable>(
        _ route: APIRoute, parameters: [String: String] = [:], query: [(String, String)] = []
    ) async throws(FluxAPIError) -> Response {
        let response = try await send(route, parameters: parameters, query: query, body: nil)
        return try decode(response, route: route)
    }

    func call<Body: Encodable, Response: Decodable>(
        _ route: APIRoute, parameters: [String: String] = [:], body: Body
    ) async throws(FluxAPIError) -> Response {
        let bytes: [UInt8]
        do {
            bytes = Array(try FluxJSON.encoder().encode(body))
        } catch {
            throw FluxAPIError(.invalidResponse, endpoint: transport.endpoint, message: "encoding the request: \(error)")
        }
        let response = try await send(route, parameters: parameters, query: [], body: bytes)
        return try decode(response, route: route)
    }

    func send(
        _ route: APIRoute, parameters: [String: String] = [:], query: [(String, String)] = [], body: [UInt8]? = nil
    ) async throws(FluxAPIError) -> FluxResponse {
        let request = FluxRequest(method: route.method, path: route.path(parameters), query: query, body: body)
        let response = try await transport.send(request)
        guard (200..<300).contains(response.status) else {
            // try?: a body that is not fluxd's error JSON (a proxy's page) is shown as text.
            let message =
                (try? FluxJSON.decoder().decode(APIErrorBody.self, from: Data(response.body)))?.message
                ?? String(decoding: response.body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let code: FluxAPIError.Code =
                switch response.status {
                case 401: .unauthorized
                case 404: .notFound
                case 400..<500: .rejected
                default: .serverError
                }
            throw FluxAPIError(code, endpoint: transport.endpoint, status: response.status, message: message)
        }
        return response
    }

    func decode<Response: Decodable>(_ response: FluxResponse, route: APIRoute) throws(FluxAPIError) -> Response {
        do {
            return try FluxJSON.decoder().decode(Response.self, from: Data(response.body))
        } catch {
            throw FluxAPIError(
                .invalidResponse, endpoint: transport.endpoint, status: response.status,
                message: "\(route.rawValue): unexpected body: \(error)")
        }
    }
}

/// The JSON settings both sides use: ISO 8601 dates, sorted keys.
public enum FluxJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

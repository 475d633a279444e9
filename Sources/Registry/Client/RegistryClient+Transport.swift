import AsyncHTTPClient
import Foundation
import KubernetesModel
import Logging
import NIOCore
import NIOHTTP1

/// One API request about one image.
struct RegistryRequest: Sendable {
    var image: ImageReference
    var url: String
    var method: HTTPMethod
    var accept: String
    var credential: RegistryCredential?
    var reference: String? = nil

    /// The bearer scope for this request.
    var scope: String { "repository:\(image.repository):pull" }
}

/// A response with its body read.
struct RegistryResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    /// Throws the `RegistryError` a non-2xx status means.
    func expectSuccess(image: ImageReference, reference: String?) throws {
        guard !(200..<300).contains(status) else { return }
        let code: RegistryError.Code
        switch status {
        case 401, 403: code = .unauthorized
        case 404: code = .notFound
        case 429: code = .rateLimited
        default: code = .httpStatus
        }
        throw RegistryError(
            code: code, host: image.registry, repository: image.repository, reference: reference,
            status: status, message: Self.errorMessage(body))
    }

    /// The `errors[].code`/`message` of a distribution error body, else the start of the body.
    static func errorMessage(_ body: [UInt8]) -> String {
        // Error bodies are optional and often HTML from proxies: fall back to their text.
        let document: JSONValue?
        do { document = try JSONValue(parsing: body) } catch { document = nil }
        if let errors = document?["errors"]?.arrayValue, !errors.isEmpty {
            return errors.map { error in
                [error["code"]?.stringValue, error["message"]?.stringValue].compactMap { $0 }.joined(separator: ": ")
            }.joined(separator: "; ")
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return text.isEmpty ? "no details" : text
    }

    /// Whether the body carries the distribution `TOOMANYREQUESTS` error code.
    var isTooManyRequests: Bool {
        status == 429 || (status >= 400 && body.count < 65536 && String(decoding: body, as: UTF8.self).contains("TOOMANYREQUESTS"))
    }
}

extension RegistryClient {
    /// Sends `request` with the host's rate limit, concurrency bound and auth; retries after a
    /// challenge (once), and after 429/`TOOMANYREQUESTS`/502/503/504 with back-off (bounded).
    func send(_ request: RegistryRequest) async throws -> RegistryResponse {
        let state = await hosts.state(for: request.image.registryAPIHost)
        var answeredChallenge = false
        var attempt = 0
        while true {
            let response = try await perform(request, state: state)
            if response.status == 401, !answeredChallenge {
                answeredChallenge = true
                guard let header = response.headers.first(name: "WWW-Authenticate"),
                    let challenge = AuthChallenge(header: header)
                else { return response }
                await state.remember(challenge)
                if challenge.isBearer {
                    _ = try await bearerToken(for: request, challenge: challenge, state: state, refresh: true)
                    continue
                }
                if challenge.isBasic, request.credential != nil { continue }
                return response
            }
            let retryable = response.isTooManyRequests || [502, 503, 504].contains(response.status)
            guard retryable else { return response }
            guard attempt < options.maxRetries else {
                if response.isTooManyRequests {
                    throw RegistryError(
                        code: .rateLimited, host: request.image.registry,
                        repository: request.image.repository, reference: request.reference, status: response.status,
                        message: "still rate limited after \(attempt) retries: " + RegistryResponse.errorMessage(response.body))
                }
                return response
            }
            let backoff = Duration.milliseconds(250 * (1 << min(attempt, 10)))
            let advised = RetryAfter.delay(response.headers.first(name: "Retry-After")) ?? backoff
            let delay = min(advised, options.maxBackoff)
            logger.debug(
                "registry asked to slow down",
                metadata: ["host": "\(request.image.registry)", "status": "\(response.status)", "delay": "\(delay)"])
            await state.pause(for: delay)
            attempt += 1
        }
    }

    /// One HTTP exchange, inside the host's concurrency bound and rate limit.
    private func perform(_ request: RegistryRequest, state: RegistryHostState) async throws -> RegistryResponse {
        await state.semaphore.acquire()
        do {
            let response = try await exchange(request, state: state)
            await state.semaphore.release()
            return response
        } catch {
            await state.semaphore.release()
            throw error
        }
    }

    private func exchange(_ request: RegistryRequest, state: RegistryHostState) async throws -> RegistryResponse {
        try await state.waitTurn()
        var http = HTTPClientRequest(url: request.url)
        http.method = request.method
        http.headers.add(name: "Accept", value: request.accept)
        http.headers.add(name: "User-Agent", value: "swiftflux")
        if let authorization = try await authorization(for: request, state: state) {
            http.headers.add(name: "Authorization", value: authorization)
        }
        return try await execute(http, request: request)
    }

    /// Executes an HTTP request and reads its body, mapping transport failures to `.unreachable`.
    func execute(_ http: HTTPClientRequest, request: RegistryRequest) async throws -> RegistryResponse {
        let timeout = TimeAmount.nanoseconds(Int64(TokenBucket.seconds(options.requestTimeout) * 1e9))
        do {
            let response = try await self.http.execute(http, timeout: timeout, logger: logger)
            let body = request.method == .HEAD ? ByteBuffer() : try await response.body.collect(upTo: bodyLimit)
            traceLogger.debug(
                "registry request",
                metadata: ["method": "\(request.method)", "url": "\(request.url)", "status": "\(response.status.code)"])
            return RegistryResponse(
                status: Int(response.status.code), headers: response.headers,
                body: Array(body.readableBytesView))
        } catch let error as RegistryError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw RegistryError(
                code: .unreachable, host: request.image.registry, repository: request.image.repository,
                reference: request.reference, message: "\(request.method) \(request.url): \(error)")
        }
    }

    /// The `Authorization` value for a request, from what the host's last challenge taught us.
    private func authorization(for request: RegistryRequest, state: RegistryHostState) async throws -> String? {
        guard let challenge = await state.challenge else { return nil }
        if challenge.isBasic { return request.credential?.basicAuthorization }
        if challenge.isBearer {
            let token = try await bearerToken(for: request, challenge: challenge, state: state, refresh: false)
            return "Bearer " + token
        }
        return nil
    }
}

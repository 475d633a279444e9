import AsyncHTTPClient
import Foundation
import KubernetesModel
import Logging
import NIOCore

/// A client for the Registry HTTP API v2 / OCI distribution API over async-http-client.
///
/// It lists tags (following `Link` pagination), reads manifests, manifest lists and OCI indexes,
/// and image configs; it authenticates anonymously, with basic auth, or with bearer tokens
/// obtained through the `WWW-Authenticate` challenge (cached until they expire); it keeps a
/// per-host rate limit and backs off on 429/`TOOMANYREQUESTS` honouring `Retry-After`.
/// Every failure is a `RegistryError` naming host, repository and tag.
public final class RegistryClient: Sendable {
    let http: HTTPClient
    public let options: RegistryOptions
    let logger: Logger
    /// One debug line per request (method, URL, status; never credentials), under its own
    /// label so fluxd's `--registry-trace` can turn it on alone.
    let traceLogger = Logger(label: "registry")
    let hosts: RegistryHostStates
    /// Largest body read for a manifest, config or tag page.
    let bodyLimit = 16 << 20

    /// Uses `httpClient`, which the caller owns and shuts down.
    public init(httpClient: HTTPClient, options: RegistryOptions, logger: Logger) {
        self.http = httpClient
        self.options = options
        self.logger = logger
        self.hosts = RegistryHostStates(options: options)
    }

    /// Runs `body` with a client whose HTTP client is shut down when `body` returns or throws.
    @discardableResult
    public static func withClient<Result: Sendable>(
        options: RegistryOptions, logger: Logger,
        _ body: (RegistryClient) async throws -> Result
    ) async throws -> Result {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(
            connect: .nanoseconds(Int64(TokenBucket.seconds(options.connectTimeout) * 1e9)),
            read: .nanoseconds(Int64(TokenBucket.seconds(options.requestTimeout) * 1e9)))
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        return try await HTTPClient.withHTTPClient(configuration: configuration) { http in
            try await body(RegistryClient(httpClient: http, options: options, logger: logger))
        }
    }

    /// The credential used for `image`: from `keychain` when given, else from the options' keychain.
    func credential(for image: ImageReference, keychain: Keychain?) -> RegistryCredential? {
        keychain?.credential(for: image.registry) ?? options.keychain.credential(for: image.registry)
    }

    /// `scheme://apiHost` for an image.
    func baseURL(for image: ImageReference) -> String {
        options.scheme(for: image.registry) + "://" + image.registryAPIHost
    }

    /// All tags of `image`'s repository, in the registry's order (lexical for distribution).
    public func tags(of image: ImageReference, keychain: Keychain? = nil) async throws -> [String] {
        var tags: [String] = []
        let base = baseURL(for: image)
        var next: String? = "/v2/\(image.repository)/tags/list" + (options.tagPageSize.map { "?n=\($0)" } ?? "")
        var pages = 0
        while let path = next {
            pages += 1
            // Credentials go with every page: a `Link` to another host would hand them over.
            if path.contains("://") && !path.lowercased().hasPrefix(base.lowercased() + "/") {
                throw RegistryError(
                    code: .invalidResponse, host: image.registry, repository: image.repository,
                    message: "tag list pagination points to another host; not followed")
            }
            guard pages <= 100_000 else {
                throw RegistryError(
                    code: .invalidResponse, host: image.registry, repository: image.repository,
                    message: "tag pagination did not end")
            }
            let response = try await send(
                RegistryRequest(
                    image: image, url: path.hasPrefix("http") ? path : base + path, method: .GET,
                    accept: "application/json", credential: credential(for: image, keychain: keychain)))
            try response.expectSuccess(image: image, reference: nil)
            let document: JSONValue
            do {
                document = try JSONValue(parsing: response.body)
            } catch {
                throw RegistryError(
                    code: .invalidResponse, host: image.registry, repository: image.repository,
                    status: response.status, message: "tag list: \(error.description)")
            }
            for tag in document["tags"]?.arrayValue ?? [] {
                if let tag = tag.stringValue { tags.append(tag) }
            }
            next = response.headers.first(name: "Link").flatMap(Self.nextLink)
        }
        return tags
    }

    /// The target of a `Link: <url>; rel="next"` header.
    static func nextLink(_ header: String) -> String? {
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = pieces.first, target.hasPrefix("<"), target.hasSuffix(">"),
                pieces.dropFirst().contains(where: { $0.replacingOccurrences(of: " ", with: "") == "rel=\"next\"" || $0 == "rel=next" })
            else { continue }
            return String(target.dropFirst().dropLast())
        }
        return nil
    }
}

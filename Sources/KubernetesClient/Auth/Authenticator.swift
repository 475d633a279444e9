import Foundation

/// Produces the `Authorization` header for each request and refreshes credentials that can
/// change: token files are re-read after `refreshInterval` and after a 401; exec plugin
/// credentials are cached until their expiry (or a 401) and fetched by one plugin run even
/// when many requests need them at once.
actor Authenticator {
    private let credentials: Credentials
    private let wallClock: @Sendable () -> Date

    private var fileToken: (value: String, readAt: ContinuousClock.Instant)?
    private var execCredential: ExecCredential?
    private var execWaiters: [CheckedContinuation<ExecCredential, any Error>]?

    init(credentials: Credentials, wallClock: @escaping @Sendable () -> Date = { Date() }) {
        self.credentials = credentials
        self.wallClock = wallClock
    }

    /// Whether a 401 is worth one retry with fresh credentials.
    nonisolated var canRefresh: Bool {
        switch credentials {
        case .tokenFile, .exec: return true
        case .none, .bearerToken, .basic: return false
        }
    }

    /// The header value to send, or `nil` for anonymous requests.
    func authorization() async throws(KubernetesError) -> String? {
        switch credentials {
        case .none:
            return nil
        case .bearerToken(let token):
            return "Bearer \(token)"
        case .basic(let username, let password):
            return "Basic \(Data("\(username):\(password)".utf8).base64EncodedString())"
        case .tokenFile(let path, let interval):
            let now = ContinuousClock.now
            if let cached = fileToken, now - cached.readAt < interval { return "Bearer \(cached.value)" }
            let token: String
            do {
                token = try TokenFileReader.read(path)
            } catch {
                throw KubernetesError(code: .authentication, message: "cannot read bearer token file", underlying: error)
            }
            fileToken = (token, now)
            return "Bearer \(token)"
        case .exec(let config, let info):
            let credential = try await execToken(config, info)
            return credential.token.map { "Bearer \($0)" }
        }
    }

    /// Forgets cached credentials after the server rejected `header` with 401, so the next
    /// request re-reads the token file or re-runs the plugin. A header other than the cached
    /// one means another request already refreshed it.
    func invalidate(rejected header: String?) {
        switch credentials {
        case .tokenFile:
            if let cached = fileToken, header == "Bearer \(cached.value)" { fileToken = nil }
        case .exec:
            if let cached = execCredential, header == cached.token.map({ "Bearer \($0)" }) { execCredential = nil }
        case .none, .bearerToken, .basic:
            break
        }
    }

    private func execToken(_ config: ExecConfig, _ info: ExecClusterInfo?) async throws(KubernetesError) -> ExecCredential {
        if let cached = execCredential, cached.isValid(at: wallClock()) { return cached }
        if execWaiters != nil {
            do {
                return try await withCheckedThrowingContinuation { continuation in
                    execWaiters?.append(continuation)
                }
            } catch let error as KubernetesError {
                throw error
            } catch {
                throw KubernetesError(code: .authentication, message: "exec credential plugin failed", underlying: DescribedError(error))
            }
        }
        execWaiters = []
        do {
            let credential = try await ExecCredentialPlugin.run(config, clusterInfo: info)
            execCredential = credential
            let waiters = execWaiters ?? []
            execWaiters = nil
            for waiter in waiters { waiter.resume(returning: credential) }
            return credential
        } catch {
            let waiters = execWaiters ?? []
            execWaiters = nil
            for waiter in waiters { waiter.resume(throwing: error) }
            throw error
        }
    }
}

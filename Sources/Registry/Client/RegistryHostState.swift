import KubernetesModel

/// Everything the client keeps per registry host: the rate limit, requests in flight, a
/// back-off pause after 429, the auth scheme learnt from the last challenge and bearer tokens.
/// One actor per host, so a slow or failing registry never holds up another.
actor RegistryHostState {
    struct CachedToken {
        var value: String
        var expires: ContinuousClock.Instant
    }

    let host: String
    let semaphore: AsyncSemaphore
    private var bucket: TokenBucket
    private var pausedUntil: ContinuousClock.Instant?
    private(set) var challenge: AuthChallenge?
    private var tokens: [String: CachedToken] = [:]
    private let clock = ContinuousClock()

    init(host: String, options: RegistryOptions) {
        self.host = host
        semaphore = AsyncSemaphore(permits: options.maxConcurrentRequestsPerHost)
        bucket = TokenBucket(rate: options.requestsPerSecond, burst: options.burst, now: ContinuousClock().now)
    }

    /// Waits for a rate-limit token and for any back-off pause to end.
    func waitTurn() async throws {
        let now = clock.now
        var delay = bucket.reserve(at: now)
        if let pausedUntil, pausedUntil > now { delay = max(delay, now.duration(to: pausedUntil)) }
        if delay > .zero { try await Task.sleep(for: delay) }
    }

    /// Holds every request to this host back for `duration` (after 429 / `Retry-After`).
    func pause(for duration: Duration) {
        let until = clock.now.advanced(by: duration)
        if let pausedUntil, pausedUntil >= until { return }
        pausedUntil = until
    }

    func remember(_ challenge: AuthChallenge) { self.challenge = challenge }

    func token(for key: String) -> String? {
        guard let cached = tokens[key] else { return nil }
        if cached.expires <= clock.now {
            tokens[key] = nil
            return nil
        }
        return cached.value
    }

    func store(token: String, for key: String, lifetime: Duration) {
        tokens[key] = CachedToken(value: token, expires: clock.now.advanced(by: lifetime))
    }
}

/// Hands out the one `RegistryHostState` of each host.
actor RegistryHostStates {
    private var states: [String: RegistryHostState] = [:]
    private let options: RegistryOptions

    init(options: RegistryOptions) { self.options = options }

    func state(for host: String) -> RegistryHostState {
        if let state = states[host] { return state }
        let state = RegistryHostState(host: host, options: options)
        states[host] = state
        return state
    }
}

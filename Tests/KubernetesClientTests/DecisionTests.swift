import KubernetesModel
import Testing

@testable import KubernetesClient

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxRetries: 3, initialBackoff: .milliseconds(100), maxBackoff: .seconds(1), maxRetryAfter: .seconds(30))

    @Test func retryAfterIsHonouredForAnyVerb() {
        #expect(policy.delay(status: 429, retryAfter: "2", attempt: 0, idempotent: false, jitter: 0.5) == .seconds(2))
        #expect(policy.delay(status: 503, retryAfter: " 1 ", attempt: 2, idempotent: false, jitter: 0) == .seconds(1))
        #expect(policy.delay(status: 429, retryAfter: "3600", attempt: 0, idempotent: true, jitter: 0) == .seconds(30))
    }

    @Test func backoffWithoutRetryAfter() {
        #expect(policy.delay(status: 429, retryAfter: nil, attempt: 0, idempotent: false, jitter: 0) == .milliseconds(100))
        #expect(policy.delay(status: 429, retryAfter: nil, attempt: 2, idempotent: false, jitter: 0.5) == .milliseconds(600))
        #expect(policy.delay(status: 503, retryAfter: nil, attempt: 1, idempotent: true, jitter: 0) == .milliseconds(200))
        // A POST that got a 500 may have been processed: not retried without Retry-After.
        #expect(policy.delay(status: 500, retryAfter: nil, attempt: 0, idempotent: false, jitter: 0) == nil)
        #expect(policy.delay(status: 501, retryAfter: nil, attempt: 0, idempotent: true, jitter: 0) == nil)
    }

    @Test func boundedAndOnlyForRetryableStatuses() {
        #expect(policy.delay(status: 429, retryAfter: "1", attempt: 3, idempotent: true, jitter: 0) == nil)
        #expect(policy.delay(status: 404, retryAfter: "1", attempt: 0, idempotent: true, jitter: 0) == nil)
        #expect(policy.delay(status: 409, retryAfter: nil, attempt: 0, idempotent: true, jitter: 0) == nil)
        #expect(policy.backoff(attempt: 20, jitter: 0) == .seconds(1))
        #expect(policy.backoff(attempt: 20, jitter: 1) == .seconds(2))
        #expect(policy.delayAfterConnectionFailure(attempt: 0, idempotent: false, jitter: 0) == nil)
        #expect(policy.delayAfterConnectionFailure(attempt: 0, idempotent: true, jitter: 0) == .milliseconds(100))
    }
}

@Suite struct TokenBucketTests {
    @Test func burstThenSteadyRate() {
        var bucket = TokenBucket(rate: 10, capacity: 3, now: 0)
        let waits = (0..<5).map { _ in bucket.reserve(now: 0) }
        // Three from the burst, then the callers wait 0.1 s, 0.2 s, ... in arrival order.
        #expect(waits[0..<3].allSatisfy { $0 == 0 })
        #expect(abs(waits[3] - 0.1) < 1e-9)
        #expect(abs(waits[4] - 0.2) < 1e-9)
        // After a long pause the bucket refills to its capacity, no more.
        _ = bucket.reserve(now: 100)
        #expect(bucket.tokens == 2)
    }

    @Test func limiterSpacesRequests() async throws {
        let limiter = RateLimiter(qps: 20, burst: 1)
        let start = ContinuousClock.now
        for _ in 0..<5 { try await limiter.acquire() }
        let elapsed = ContinuousClock.now - start
        // 1 immediate + 4 at 50 ms each.
        #expect(elapsed >= .milliseconds(190))
    }
}

@Suite struct StatusErrorTests {
    @Test func decodesStatusBodies() throws {
        let body = """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"Deployment.apps \\"web\\" is invalid: spec.selector: Invalid value: field is immutable",
             "reason":"Invalid","details":{"name":"web","group":"apps","kind":"Deployment",
             "causes":[{"reason":"FieldValueInvalid","message":"Invalid value: field is immutable","field":"spec.selector"}]},
             "code":422}
            """
        let error = KubernetesError.fromResponse(
            httpStatus: 422, body: Array(body.utf8), verb: "PATCH", path: "/apis/apps/v1/namespaces/ns/deployments/web",
            object: ObjectReference(kind: "Deployment", namespace: "ns", name: "web"))
        #expect(error.isInvalid)
        #expect(!error.isNotFound && !error.isConflict)
        #expect(error.status?.code == 422)
        #expect(error.causes.first?.field == "spec.selector")
        #expect(error.status?.details?.kind == "Deployment")
        #expect(error.description.contains("Deployment ns/web"))
        #expect(error.description.contains("field is immutable"))
        #expect(error.description.contains("HTTP 422 Invalid"))
    }

    @Test func reasonsMapToPredicates() {
        func error(_ code: Int, _ reason: String) -> KubernetesError {
            KubernetesError.fromResponse(
                httpStatus: code, body: Array(Status(message: "m", reason: reason, code: code).json.serialized().utf8),
                verb: "GET", path: "/p", object: nil)
        }
        #expect(error(404, "NotFound").isNotFound)
        #expect(error(409, "AlreadyExists").isAlreadyExists)
        #expect(!error(409, "AlreadyExists").isConflict)
        #expect(error(409, "Conflict").isConflict)
        #expect(error(410, "Expired").isGone)
    }

    @Test func nonStatusBodiesKeepStatusAndSnippet() {
        let error = KubernetesError.fromResponse(
            httpStatus: 502, body: Array("<html>bad gateway</html>".utf8), verb: "GET", path: "/api", object: nil)
        #expect(error.status == nil)
        #expect(error.httpStatus == 502)
        #expect(error.bodySnippet == "<html>bad gateway</html>")
        let notFound = KubernetesError.fromResponse(
            httpStatus: 404, body: Array("404 page not found".utf8), verb: "GET", path: "/x", object: nil)
        #expect(notFound.isNotFound)
    }
}

@Suite struct WatchDecodingTests {
    @Test func splitsLinesAcrossChunks() {
        func text(_ line: [UInt8]?) -> String? { line.map { String(decoding: $0, as: UTF8.self) } }
        var splitter = LineSplitter()
        let appended = splitter.append(Array(##"{"type":"ADDED","object":{"a""##.utf8))
        #expect(appended)
        let none = splitter.nextLine()
        #expect(none == nil)
        let appendedMore = splitter.append(Array(":1}}\n\n{\"type\":\"DELETED\",\"object\":{}}\n{\"partial".utf8))
        #expect(appendedMore)
        let first = text(splitter.nextLine())
        let second = text(splitter.nextLine())
        let third = text(splitter.nextLine())
        let rest = text(splitter.finish())
        #expect(first == #"{"type":"ADDED","object":{"a":1}}"#)
        #expect(second == #"{"type":"DELETED","object":{}}"#)
        #expect(third == nil)
        #expect(rest == #"{"partial"#)
        var small = LineSplitter(maximumLineLength: 4)
        let accepted = small.append(Array("12345".utf8))
        #expect(accepted == false)
    }

    @Test func decodesEventsAndErrors() throws {
        let bookmark = try WatchEvent.decode(
            line: Array(#"{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"42"}}}"#.utf8),
            path: "/api/v1/configmaps", object: nil)
        #expect(bookmark.type == .bookmark)
        #expect(bookmark.resourceVersion == "42")
        let gone = #expect(throws: KubernetesError.self) {
            try WatchEvent.decode(
                line: Array(
                    #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (5)","reason":"Expired","code":410}}"#
                        .utf8), path: "/api/v1/configmaps", object: nil)
        }
        #expect(gone?.isGone == true)
        #expect(gone?.message == "too old resource version: 1 (5)")
    }
}

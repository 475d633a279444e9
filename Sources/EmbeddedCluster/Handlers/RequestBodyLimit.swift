import HTTPTypes
import Hummingbird
import NIOCore

/// Reads a write request's body as kube-apiserver does: at most `limit` bytes are kept; a larger
/// body gets 413 `RequestEntityTooLarge` ("Request entity too large: limit is 3145728"). The
/// rest of an oversized body is read and dropped (up to `drainLimit`), so the client receives
/// the answer instead of a reset connection, and memory stays at `limit`.
enum RequestBodyLimit {
    static let drainLimit = 256 * 1024 * 1024

    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            try await drain(request.body, already: 0)
            throw APIError.requestEntityTooLarge(limit: limit)
        }
        var collected = ByteBuffer()
        var iterator = request.body.makeAsyncIterator()
        while let chunk = try await iterator.next() {
            guard collected.readableBytes + chunk.readableBytes <= limit else {
                var seen = collected.readableBytes + chunk.readableBytes
                collected = ByteBuffer()
                while let more = try await iterator.next(), seen < drainLimit { seen += more.readableBytes }
                throw APIError.requestEntityTooLarge(limit: limit)
            }
            var chunk = chunk
            collected.writeBuffer(&chunk)
        }
        return collected
    }

    static func drain(_ body: RequestBody, already: Int) async throws {
        var seen = already
        for try await chunk in body {
            seen += chunk.readableBytes
            if seen > drainLimit { break }
        }
    }
}

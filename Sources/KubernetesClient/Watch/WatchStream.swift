import AsyncHTTPClient
import KubernetesModel
import NIOCore

/// The events of one watch request, decoded as the bytes arrive. The body is read only
/// when the consumer asks for the next event, so a slow consumer slows the connection
/// instead of filling a buffer. Ends when the server closes the watch (its timeout);
/// an `ERROR` event is thrown as a `KubernetesError` (`isGone` for 410 Expired).
public struct WatchStream: AsyncSequence, Sendable {
    public typealias Element = WatchEvent
    public typealias Failure = KubernetesError
    let response: HTTPClientResponse
    let path: String
    let object: ObjectReference?

    public func makeAsyncIterator() -> Iterator {
        Iterator(body: response.body.makeAsyncIterator(), path: path, object: object)
    }

    public struct Iterator: AsyncIteratorProtocol {
        var body: HTTPClientResponse.Body.AsyncIterator
        let path: String
        let object: ObjectReference?
        var splitter = LineSplitter()
        var finished = false
        public typealias Element = WatchEvent
        public typealias Failure = KubernetesError

        public mutating func next() async throws(KubernetesError) -> WatchEvent? {
            while true {
                if let line = splitter.nextLine() {
                    return try WatchEvent.decode(line: line, path: path, object: object)
                }
                if finished { return nil }
                let chunk: ByteBuffer?
                do {
                    chunk = try await body.next()
                } catch {
                    finished = true
                    throw KubernetesError(
                        code: .transport, message: "the watch stream broke", verb: "WATCH", path: path, object: object,
                        underlying: DescribedError(error))
                }
                guard let chunk else {
                    finished = true
                    if let rest = splitter.finish() {
                        return try WatchEvent.decode(line: rest, path: path, object: object)
                    }
                    return nil
                }
                guard splitter.append(chunk.readableBytesView) else {
                    finished = true
                    throw KubernetesError(
                        code: .decoding, message: "a watch event exceeds the maximum size", verb: "WATCH", path: path,
                        object: object)
                }
            }
        }
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A `GET` of a remote manifest file (`http(s)://…/file.yaml`), as kustomize's file loader
/// does for resources with an http or https scheme: AsyncHTTPClient's shared client
/// (redirects followed, TLS verified, no `.netrc`), bounded by `timeout` and a size limit.
enum HTTPFetch {
    enum Outcome: Sendable {
        case success(Data)
        /// A response outside 200…299.
        case status(Int)
        /// No response at all (connection refused, DNS, TLS, timeout, too large).
        case failed(String)
    }

    static let timeout: TimeInterval = 60
    /// A remote manifest larger than this is refused.
    static let maximumSize = 64 << 20

    static func isHTTP(_ entry: String) -> Bool {
        let lowered = entry.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }

    static func get(_ url: String, timeout: TimeInterval = timeout) async -> Outcome {
        guard URL(string: url) != nil else { return .failed("not a valid URL") }
        let request = HTTPClientRequest(url: url)
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            guard (200...299).contains(Int(response.status.code)) else {
                return .status(Int(response.status.code))
            }
            let body = try await response.body.collect(upTo: maximumSize)
            return .success(Data(body.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return .failed("timed out after \(Int(timeout))s")
        } catch {
            return .failed("\(error)")
        }
    }

    /// Go's `http.StatusText` for the common codes, for messages like kustomize's.
    static func statusText(_ code: Int) -> String {
        HTTPResponseStatus(statusCode: code).reasonPhrase
    }
}

import HTTPTypes
import Hummingbird
import KubernetesModel
import NIOCore

/// Building HTTP responses from JSON values and Status errors.
enum Responses {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        let bytes = value.serializedBytes()
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count + 1)
        buffer.writeBytes(bytes)
        buffer.writeInteger(UInt8(ascii: "\n"))
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-cache, private"
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    static func status(_ status: Status) -> Response {
        json(status.json, status: HTTPResponse.Status(code: status.code))
    }
}

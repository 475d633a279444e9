/// An API request refused before any work started: becomes an HTTP status and `{"message"}`.
struct APIFailure: Error, CustomStringConvertible {
    var status: Int
    var message: String

    static func badRequest(_ message: String) -> APIFailure { APIFailure(status: 400, message: message) }
    static func notFound(_ message: String) -> APIFailure { APIFailure(status: 404, message: message) }
    static func conflict(_ message: String) -> APIFailure { APIFailure(status: 409, message: message) }

    var description: String { message }
}

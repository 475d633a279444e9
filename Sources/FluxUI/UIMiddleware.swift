import Hummingbird

/// Serves the web UI's paths (`UIResponder`) on fluxd's API server, before the token check:
/// the files carry no data. Every other request goes on unchanged.
public struct UIMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard
            let answer = UIResponder.answer(
                method: request.method.rawValue, path: request.uri.path, ifNoneMatch: request.headers[.ifNoneMatch])
        else {
            return try await next(request, context)
        }
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            // `HTTPFields.Element` is swift-http-types' `HTTPField`, which Hummingbird does not re-export.
            if let field = HTTPFields.Element.Name(name) { headers.append(HTTPFields.Element(name: field, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}

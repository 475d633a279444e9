import Foundation
import HTTPTypes
import Hummingbird
import KubernetesModel
import Logging

/// Handles the verbs on one resource: get, list, watch, create, update, patch, delete,
/// and the status subresource. Decisions live in the store and the pure helpers; this
/// type only decodes requests and encodes responses.
struct ResourceHandler: Sendable {
    let store: ClusterStore
    let bookmarkInterval: Duration
    let logger: Logger
    /// Bodies above this get 413, as kube-apiserver's `MaxRequestBodyBytes` (3 MiB).
    var maxRequestBodyBytes = EmbeddedClusterConfiguration.apiServerMaxRequestBodyBytes

    static let tableContentType = "application/json;as=Table;v=v1;g=meta.k8s.io"

    func handle(_ request: Request, target: ResourceTarget, context: APIRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let type = target.type
        if let subresource = target.subresource, !(subresource == "status" && type.hasStatus) {
            throw APIError.pathNotFound()
        }
        let namespace = target.namespace ?? ""
        if type.namespaced, target.namespace == nil, target.name != nil { throw APIError.pathNotFound() }
        switch request.method {
        case .get:
            guard let name = target.name else {
                if query.bool("watch") { return try await watch(request, target: target, query: query) }
                return try await list(request, target: target, query: query)
            }
            let object = try await store.get(type, namespace: namespace, name: name)
            if wantsTable(request) {
                let printer = TablePrinter(type: type, now: Date(), includeObject: includeObject(query))
                return Responses.json(
                    printer.table([object], resourceVersion: object.resourceVersion ?? ""), contentType: Self.tableContentType)
            }
            return Responses.json(object)
        case .post:
            guard target.name == nil else { throw APIError.methodNotAllowed() }
            guard !type.namespaced || target.namespace != nil else { throw APIError.methodNotAllowed() }
            let body = try await decodeBody(request, context: context)
            let created = try await store.create(type, namespace: namespace, body: body, options: writeOptions(request, query))
            return Responses.json(created, status: .created)
        case .put:
            guard let name = target.name else { throw APIError.methodNotAllowed() }
            let body = try await decodeBody(request, context: context)
            let updated = try await store.update(
                type, namespace: namespace, name: name, body: body, options: writeOptions(request, query), subresource: target.subresource)
            return Responses.json(updated)
        case .patch:
            guard let name = target.name else { throw APIError.methodNotAllowed() }
            let contentType = request.headers[.contentType] ?? ""
            let kind: ClusterStore.PatchKind
            if contentType.hasPrefix("application/apply-patch") {
                kind = .apply
            } else if contentType.hasPrefix("application/merge-patch+json") {
                kind = .merge
            } else if contentType.hasPrefix("application/strategic-merge-patch+json") {
                guard type.schema == .builtin else { throw APIError.unsupportedPatchType(strategic: false) }
                kind = .strategic
            } else if contentType.hasPrefix("application/json-patch+json") {
                kind = .json
            } else {
                throw APIError.unsupportedMediaType(contentType)
            }
            let body = try await decodeBody(request, context: context, allowYAML: kind == .apply)
            var options = writeOptions(request, query)
            options.force = query.bool("force")
            if kind == .apply { options.fieldManager = query["fieldManager"] ?? "" }
            let result = try await store.patch(
                type, namespace: namespace, name: name, kind: kind, patch: body, options: options, subresource: target.subresource)
            return Responses.json(result.object, status: result.created ? .created : .ok)
        case .delete:
            let options = try await deleteOptions(request, query, context: context)
            guard let name = target.name else {
                return try await deleteCollection(target: target, query: query, options: options)
            }
            let result = try await store.delete(type, namespace: namespace, name: name, options: options)
            return Responses.json(result)
        default:
            throw APIError.methodNotAllowed()
        }
    }

    // MARK: List

    func list(_ request: Request, target: ResourceTarget, query: QueryParameters) async throws -> Response {
        let type = target.type
        let (labels, fields) = try selectors(query)
        let limit = query["limit"].flatMap { Int($0) }
        let result = try await store.list(
            type, namespace: target.namespace, labelSelector: labels, fieldSelector: fields, limit: limit,
            continueToken: query["continue"])
        if wantsTable(request) {
            let printer = TablePrinter(type: type, now: Date(), includeObject: includeObject(query))
            return Responses.json(
                printer.table(result.items, resourceVersion: String(result.resourceVersion), continueToken: result.continueToken),
                contentType: Self.tableContentType)
        }
        var metadata: JSONObject = ["resourceVersion": .string(String(result.resourceVersion))]
        if let token = result.continueToken { metadata["continue"] = .string(token) }
        if let remaining = result.remaining { metadata["remainingItemCount"] = .integer(Int64(remaining)) }
        let list: JSONValue = [
            "kind": .string(type.kind + "List"), "apiVersion": .string(type.apiVersion), "metadata": .object(metadata),
            "items": .array(result.items),
        ]
        return Responses.json(list)
    }

    func deleteCollection(target: ResourceTarget, query: QueryParameters, options: DeleteOptions) async throws -> Response {
        let type = target.type
        let (labels, fields) = try selectors(query)
        let result = try await store.list(
            type, namespace: target.namespace, labelSelector: labels, fieldSelector: fields, limit: nil, continueToken: nil)
        var deleted: [JSONValue] = []
        for object in result.items {
            let outcome = await deleteIgnoringMissing(type, object, options: options)
            if let failure = outcome { throw failure }
            deleted.append(object)
        }
        return Responses.json([
            "kind": .string(type.kind + "List"), "apiVersion": .string(type.apiVersion),
            "metadata": ["resourceVersion": .string(String(await store.currentResourceVersion()))], "items": .array(deleted),
        ])
    }

    /// Deletes one listed object; one that vanished meanwhile is not an error.
    func deleteIgnoringMissing(_ type: ResourceType, _ object: JSONValue, options: DeleteOptions) async -> Status? {
        do {
            _ = try await store.delete(type, namespace: object.namespace ?? "", name: object.name ?? "", options: options)
            return nil
        } catch {
            return error.code == 404 ? nil : error
        }
    }

    // MARK: Request decoding

    func selectors(_ query: QueryParameters) throws(Status) -> (LabelSelector, FieldSelector) {
        do {
            let labels = try LabelSelector(parsing: query["labelSelector"] ?? "")
            let fields = try FieldSelector(parsing: query["fieldSelector"] ?? "")
            return (labels, fields)
        } catch {
            throw APIError.badRequest(error.description)
        }
    }

    func wantsTable(_ request: Request) -> Bool {
        (request.headers[.accept] ?? "").contains("as=Table")
    }

    func includeObject(_ query: QueryParameters) -> TablePrinter.IncludeObject {
        query["includeObject"].flatMap(TablePrinter.IncludeObject.init(rawValue:)) ?? .metadata
    }

    func writeOptions(_ request: Request, _ query: QueryParameters) -> WriteOptions {
        let userAgent = request.headers[.userAgent] ?? "unknown"
        let defaultManager = userAgent.split(separator: "/").first.map(String.init) ?? "unknown"
        return WriteOptions(dryRun: query.dryRun, fieldManager: query["fieldManager"] ?? defaultManager, force: false)
    }

    func decodeBody(_ request: Request, context: APIRequestContext, allowYAML: Bool = false) async throws -> JSONValue {
        let contentType = request.headers[.contentType] ?? ""
        if contentType.contains("protobuf") || contentType.contains("cbor") {
            throw APIError.unsupportedMediaType(contentType)
        }
        let buffer = try await RequestBodyLimit.collect(request, limit: maxRequestBodyBytes)
        let bytes = Array(buffer.readableBytesView)
        let firstNonSpace = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if allowYAML, firstNonSpace != UInt8(ascii: "{") {
            do {
                return try JSONValue(yaml: String(decoding: bytes, as: UTF8.self))
            } catch {
                throw APIError.badRequest("error decoding YAML: \(error.description)")
            }
        }
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw APIError.badRequest("the body of the request could not be decoded: \(error.description)")
        }
    }

    func deleteOptions(_ request: Request, _ query: QueryParameters, context: APIRequestContext) async throws -> DeleteOptions {
        var options = DeleteOptions(dryRun: query.dryRun, propagationPolicy: query["propagationPolicy"])
        let buffer = try await RequestBodyLimit.collect(request, limit: maxRequestBodyBytes)
        guard buffer.readableBytes > 0 else { return options }
        let body: JSONValue
        do {
            body = try JSONValue(parsing: Array(buffer.readableBytesView))
        } catch {
            throw APIError.badRequest("the body of the request could not be decoded: \(error.description)")
        }
        if (body["dryRun"]?.arrayValue ?? []).contains("All") { options.dryRun = true }
        if let policy = body["propagationPolicy"]?.stringValue { options.propagationPolicy = policy }
        options.preconditionUID = body[path: ["preconditions", "uid"]]?.stringValue
        options.preconditionResourceVersion = body[path: ["preconditions", "resourceVersion"]]?.stringValue
        return options
    }
}

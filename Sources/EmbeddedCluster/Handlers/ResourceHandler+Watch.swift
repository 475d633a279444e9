import Foundation
import HTTPTypes
import Hummingbird
import KubernetesModel
import NIOCore

extension ResourceHandler {
    /// Streams watch events as newline-delimited JSON (`{"type":..,"object":..}`), ending
    /// after `timeoutSeconds`, when the client goes away, or when the server stops.
    func watch(_ request: Request, target: ResourceTarget, query: QueryParameters) async throws -> Response {
        let type = target.type
        let (labels, fields) = try selectors(query)
        let filter = WatchFilter(resource: type.groupResource, namespace: target.namespace, labelSelector: labels, fieldSelector: fields)
        let start: ClusterStore.WatchStart
        let text = query["resourceVersion"] ?? ""
        switch (query["sendInitialEvents"], text) {
        case ("true", _): start = .currentState(initialEventsEnd: true)
        case ("false", "0"), ("false", ""): start = .now
        case (_, "0"), (_, ""): start = .currentState(initialEventsEnd: false)
        default:
            guard let value = Int64(text), value > 0 else { throw APIError.badRequest("invalid resource version: \(text)") }
            start = .after(value)
        }
        let bookmarks = query.bool("allowWatchBookmarks")
        let asTable = wantsTable(request)
        let printer = TablePrinter(type: type, now: Date(), includeObject: includeObject(query))
        let timeout =
            query["timeoutSeconds"].flatMap { Int64($0) }.map { Duration.seconds($0) }
            ?? query["timeout"].flatMap(Self.goDuration) ?? .seconds(1800)
        let store = self.store
        let interval = bookmarkInterval

        let subscription: ClusterStore.Subscription
        do {
            subscription = try await store.watch(type, filter: filter, start: start)
        } catch {
            // kube-apiserver answers 200 and sends the 410 as an ERROR event.
            let event: JSONValue = ["type": "ERROR", "object": error.json]
            return Responses.json(event, contentType: "application/json")
        }
        var headers = HTTPFields()
        headers[.contentType] = asTable ? Self.tableContentType : "application/json"
        headers[.cacheControl] = "no-cache, private"
        let body = ResponseBody { writer in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await Task.sleep(for: timeout)
                    await store.cancelWatch(subscription.id)
                }
                if bookmarks {
                    group.addTask {
                        while !Task.isCancelled {
                            try await Task.sleep(for: interval)
                            await store.sendBookmark(to: subscription.id, type: type)
                        }
                    }
                }
                var first = true
                do {
                    for await event in subscription.events {
                        var object = event.object
                        if asTable, event.kind != .bookmark, event.kind != .error {
                            object = printer.table(
                                [ClusterStore.served(event.object, as: type)], resourceVersion: event.object.resourceVersion ?? "",
                                withColumns: first)
                            first = false
                        } else if event.kind != .bookmark {
                            object = ClusterStore.served(object, as: type)
                        }
                        let line: JSONValue = ["type": .string(event.kind.rawValue), "object": object]
                        var buffer = ByteBuffer(bytes: line.serializedBytes())
                        buffer.writeInteger(UInt8(ascii: "\n"))
                        try await writer.write(buffer)
                    }
                } catch {
                    await store.cancelWatch(subscription.id)
                    group.cancelAll()
                    throw error
                }
                await store.cancelWatch(subscription.id)
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}

extension ResourceHandler {
    /// Parses the simple Go durations clients send in `timeout` (`32s`, `5m`, `1h`).
    static func goDuration(_ text: String) -> Duration? {
        guard let unit = text.last, let value = Double(text.dropLast()) else { return nil }
        switch unit {
        case "s": return .milliseconds(Int64(value * 1000))
        case "m": return .seconds(Int64(value * 60))
        case "h": return .seconds(Int64(value * 3600))
        default: return nil
        }
    }
}

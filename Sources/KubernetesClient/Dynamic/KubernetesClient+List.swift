import KubernetesModel

extension KubernetesClient {
    /// Lists one page. For namespaced kinds a `nil` namespace lists across all namespaces.
    public func list(_ gvk: GroupVersionKind, namespace: String? = nil, options: ListOptions = ListOptions())
        async throws(KubernetesError) -> ObjectList
    {
        let location = try await locate(gvk, namespace: namespace, name: nil, allNamespaces: true)
        let request = APIRequest(method: .GET, path: location.path, query: options.query, object: location.reference)
        let value = try await object(request)
        guard value.objectValue != nil else {
            throw KubernetesError(
                code: .decoding, message: "the list response is not an object", verb: "GET", path: location.path,
                object: location.reference)
        }
        let items = value["items"]?.arrayValue ?? []
        let filled = items.map { item in
            var item = item
            if item.apiVersion == nil { item.apiVersion = gvk.apiVersion }
            if item.kind == nil { item.kind = gvk.kind }
            return item
        }
        let token = value[path: ["metadata", "continue"]]?.stringValue
        return ObjectList(
            items: filled, resourceVersion: value[path: ["metadata", "resourceVersion"]]?.stringValue ?? "",
            continueToken: token?.isEmpty == false ? token : nil)
    }

    /// Lists every page (`limit`/`continue`), `pageSize` items at a time. The result carries
    /// the resourceVersion of the first page, the list's consistent snapshot.
    public func listAll(
        _ gvk: GroupVersionKind, namespace: String? = nil, options: ListOptions = ListOptions(), pageSize: Int = 500
    ) async throws(KubernetesError) -> ObjectList {
        var options = options
        options.limit = options.limit ?? pageSize
        var result = try await list(gvk, namespace: namespace, options: options)
        var token = result.continueToken
        var pages = 1
        while let next = token {
            // A bound no real list reaches: it stops a server that keeps returning tokens.
            guard pages < 100_000 else { break }
            options.continueToken = next
            options.resourceVersion = nil
            let page = try await list(gvk, namespace: namespace, options: options)
            result.items.append(contentsOf: page.items)
            token = page.continueToken
            pages += 1
        }
        result.continueToken = nil
        return result
    }
}

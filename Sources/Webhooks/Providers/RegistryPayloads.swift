import KubernetesModel

/// Image pushes from registries: Docker Hub, Harbor (`PUSH_ARTIFACT`, and v1's `pushImage`)
/// and Quay (repository push notifications).
enum RegistryPayloads {
    static func canonical(_ image: String) throws(WebhookError) -> String {
        do {
            return try ImageReference(parsing: image).canonicalName
        } catch {
            throw .malformed("\(image) is not an image repository: \(error)")
        }
    }

    static func dockerHub(_ request: WebhookRequest) throws(WebhookError) -> WebhookOutcome {
        let payload = try request.json()
        let name = try payload.requiredString(["repository", "repo_name"])
        return .event(
            .imagePush(
                ImagePush(provider: .dockerhub, repository: try canonical(name), tags: payload.strings([["push_data", "tag"]]))))
    }

    static func harbor(_ request: WebhookRequest) throws(WebhookError) -> WebhookOutcome {
        let payload = try request.json()
        let type = try payload.requiredString(["type"])
        guard type == "PUSH_ARTIFACT" || type == "pushImage" else { return .ignored("Harbor event \(type) is not acted on") }
        let resources = payload[path: ["event_data", "resources"]]?.arrayValue ?? []
        guard let url = resources.lazy.compactMap({ $0["resource_url"]?.stringValue }).first else {
            throw .malformed("missing event_data.resources[].resource_url in the payload")
        }
        let tags = resources.compactMap { $0["tag"]?.stringValue }.filter { !$0.isEmpty }
        return .event(.imagePush(ImagePush(provider: .harbor, repository: try canonical(url), tags: tags)))
    }

    static func quay(_ request: WebhookRequest) throws(WebhookError) -> WebhookOutcome {
        let payload = try request.json()
        let url = try payload.requiredString(["docker_url"])
        let tags = (payload["updated_tags"]?.arrayValue ?? []).compactMap(\.stringValue)
        return .event(.imagePush(ImagePush(provider: .quay, repository: try canonical(url), tags: tags)))
    }
}

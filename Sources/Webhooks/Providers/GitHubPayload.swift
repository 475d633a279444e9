import KubernetesModel

/// GitHub's `push`, `ping` and `package`/`registry_package` (GitHub Packages container
/// images) events, told apart by `X-GitHub-Event`.
enum GitHubPayload {
    static func parse(_ request: WebhookRequest) throws(WebhookError) -> WebhookOutcome {
        let event = request.header("X-GitHub-Event") ?? ""
        switch event {
        case "ping":
            _ = try request.json()
            return .event(.ping(provider: .github))
        case "push":
            return try push(request.json())
        case "package", "registry_package":
            return try package(request.json(), field: event)
        case "":
            throw .malformed("missing X-GitHub-Event header")
        default:
            return .ignored("GitHub event \(event) is not acted on")
        }
    }

    static func push(_ payload: JSONValue) throws(WebhookError) -> WebhookOutcome {
        let ref = try payload.requiredString(["ref"])
        guard ref.hasPrefix("refs/heads/") else { return .ignored("\(ref) is not a branch") }
        if payload["deleted"]?.boolValue == true { return .ignored("\(ref) was deleted") }
        let urls = payload.strings([
            ["repository", "ssh_url"], ["repository", "clone_url"], ["repository", "git_url"],
            ["repository", "html_url"], ["repository", "url"],
        ])
        guard !urls.isEmpty else { throw .malformed("missing repository URLs in the push payload") }
        return .event(
            .gitPush(
                GitPush(
                    provider: .github, repositoryURLs: urls, branches: [String(ref.dropFirst("refs/heads/".count))],
                    revision: payload["after"]?.stringValue)))
    }

    /// A container published to GitHub Packages (`ghcr.io`). The image comes from
    /// `package_version.package_url` (`ghcr.io/owner/name:tag`), else from owner and name.
    static func package(_ payload: JSONValue, field: String) throws(WebhookError) -> WebhookOutcome {
        guard let package = payload[field] ?? payload["package"], package.objectValue != nil else {
            throw .malformed("missing \(field) in the payload")
        }
        let action = payload["action"]?.stringValue ?? ""
        guard action == "published" || action == "updated" else { return .ignored("package action \(action) is not acted on") }
        let type = (package["package_type"]?.stringValue ?? package["ecosystem"]?.stringValue ?? "").lowercased()
        guard type == "container" || type == "docker" else { return .ignored("package type \(type) is not a container image") }
        var image = package[path: ["package_version", "package_url"]]?.stringValue ?? ""
        if image.hasSuffix(":") { image.removeLast() }
        if image.isEmpty {
            let owner = try package.requiredString(["owner", "login"])
            let name = try package.requiredString(["name"])
            image = "ghcr.io/\(owner)/\(name)"
        }
        let repository = try RegistryPayloads.canonical(image.lowercased())
        var tags = package.strings([["package_version", "container_metadata", "tag", "name"]])
        // try?, deliberate: a URL without a tag names none.
        if tags.isEmpty, let tag = try? ImageReference(parsing: image.lowercased()).tag { tags = [tag] }
        return .event(.imagePush(ImagePush(provider: .github, repository: repository, tags: tags)))
    }
}

/// GitLab's `Push Hook` (and pushes delivered as `System Hook`).
enum GitLabPayload {
    static func parse(_ request: WebhookRequest) throws(WebhookError) -> WebhookOutcome {
        let event = request.header("X-Gitlab-Event") ?? ""
        let payload = try request.json()
        let kind = payload["object_kind"]?.stringValue ?? payload["event_name"]?.stringValue ?? ""
        guard event == "Push Hook" || (event == "System Hook" && kind == "push") else {
            return .ignored("GitLab \(event.isEmpty ? "event" : event) is not acted on")
        }
        let ref = try payload.requiredString(["ref"])
        guard ref.hasPrefix("refs/heads/") else { return .ignored("\(ref) is not a branch") }
        let urls = payload.strings([
            ["project", "git_ssh_url"], ["project", "git_http_url"], ["project", "web_url"],
            ["repository", "git_ssh_url"], ["repository", "git_http_url"], ["repository", "url"],
            ["repository", "homepage"],
        ])
        guard !urls.isEmpty else { throw .malformed("missing project URLs in the push payload") }
        let after = payload["checkout_sha"]?.stringValue ?? payload["after"]?.stringValue
        if after?.allSatisfy({ $0 == "0" }) == true { return .ignored("\(ref) was deleted") }
        return .event(
            .gitPush(
                GitPush(
                    provider: .gitlab, repositoryURLs: urls, branches: [String(ref.dropFirst("refs/heads/".count))],
                    revision: after)))
    }
}

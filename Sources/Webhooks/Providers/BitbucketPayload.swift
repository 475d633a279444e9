import KubernetesModel

/// Bitbucket Cloud's `repo:push` and Bitbucket Server / Data Center's `repo:refs_changed`
/// (both sign with `X-Hub-Signature: sha256=…` when the hook has a secret), told apart by
/// `X-Event-Key`; Server's `diagnostics:ping` is answered.
enum BitbucketPayload {
    static func parse(_ request: WebhookRequest) throws(WebhookError) -> WebhookOutcome {
        let event = request.header("X-Event-Key") ?? ""
        switch event {
        case "repo:push": return try cloud(request.json())
        case "repo:refs_changed": return try server(request.json())
        case "diagnostics:ping": return .event(.ping(provider: .bitbucket))
        case "": throw .malformed("missing X-Event-Key header")
        default: return .ignored("Bitbucket event \(event) is not acted on")
        }
    }

    static func cloud(_ payload: JSONValue) throws(WebhookError) -> WebhookOutcome {
        let fullName = try payload.requiredString(["repository", "full_name"])
        var urls = ["git@bitbucket.org:\(fullName).git", "https://bitbucket.org/\(fullName).git"]
        urls += payload.strings([["repository", "links", "html", "href"]])
        var branches: [String] = []
        var revision: String?
        for change in payload[path: ["push", "changes"]]?.arrayValue ?? [] {
            guard change[path: ["new", "type"]]?.stringValue == "branch", let name = change[path: ["new", "name"]]?.stringValue
            else { continue }
            branches.append(name)
            revision = change[path: ["new", "target", "hash"]]?.stringValue ?? revision
        }
        guard !branches.isEmpty else { return .ignored("the push moved no branch") }
        return .event(.gitPush(GitPush(provider: .bitbucket, repositoryURLs: urls, branches: branches, revision: revision)))
    }

    static func server(_ payload: JSONValue) throws(WebhookError) -> WebhookOutcome {
        let urls = (payload[path: ["repository", "links", "clone"]]?.arrayValue ?? []).compactMap { $0["href"]?.stringValue }
        guard !urls.isEmpty else { throw .malformed("missing repository.links.clone in the payload") }
        var branches: [String] = []
        var revision: String?
        for change in payload["changes"]?.arrayValue ?? [] {
            guard change[path: ["ref", "type"]]?.stringValue == "BRANCH", change["type"]?.stringValue != "DELETE" else { continue }
            let id = change[path: ["ref", "id"]]?.stringValue ?? change["refId"]?.stringValue ?? ""
            let name = change[path: ["ref", "displayId"]]?.stringValue ?? String(id.dropFirst("refs/heads/".count))
            branches.append(name)
            revision = change["toHash"]?.stringValue ?? revision
        }
        guard !branches.isEmpty else { return .ignored("the push moved no branch") }
        return .event(.gitPush(GitPush(provider: .bitbucket, repositoryURLs: urls, branches: branches, revision: revision)))
    }
}

/// SwiftFlux's own payload, for CI systems and scripts (signed like GitHub's, in
/// `X-Signature`): `{"repository": URL, "branch": NAME}` (or `"ref": "refs/heads/NAME"`, and
/// optionally `"revision"`) for a git push, `{"image": "repo[:tag]"}` for an image push.
enum GenericPayload {
    static func parse(_ request: WebhookRequest) throws(WebhookError) -> WebhookOutcome {
        let payload = try request.json()
        let image = payload["image"]?.stringValue
        let repository = payload["repository"]?.stringValue ?? payload["url"]?.stringValue
        switch (image, repository) {
        case (let image?, nil):
            let reference: ImageReference
            do {
                reference = try ImageReference(parsing: image)
            } catch {
                throw .malformed("image: \(error)")
            }
            return .event(
                .imagePush(ImagePush(provider: .generic, repository: reference.canonicalName, tags: reference.tag.map { [$0] } ?? [])))
        case (nil, let repository?):
            var branch = payload["branch"]?.stringValue
            if branch == nil, let ref = payload["ref"]?.stringValue {
                guard ref.hasPrefix("refs/heads/") else { return .ignored("\(ref) is not a branch") }
                branch = String(ref.dropFirst("refs/heads/".count))
            }
            guard let branch, !branch.isEmpty else { throw .malformed("a git push needs \"branch\" (or \"ref\")") }
            return .event(
                .gitPush(
                    GitPush(
                        provider: .generic, repositoryURLs: [repository], branches: [branch],
                        revision: payload["revision"]?.stringValue)))
        default:
            throw .malformed("the body needs either \"repository\" and \"branch\" (a git push) or \"image\" (an image push)")
        }
    }
}

import Foundation

/// Commit statuses on the synced revision: GitHub's `POST /repos/{owner}/{repo}/statuses/{sha}`
/// and GitLab's `POST /projects/{id}/statuses/{sha}`. Syncs set `<context>/sync`, health
/// events `<context>/health`; releases and automation commits get none (the sync that
/// follows them does).
enum CommitStatusFormat {
    enum State {
        case success, failure, pending
    }

    /// The status a notification sets, and under which context suffix.
    static func state(_ notification: FluxNotification) -> (State, String)? {
        guard notification.revision != nil else { return nil }
        switch notification.kind {
        case .sync: return (.success, "sync")
        case .syncError: return (.failure, "sync")
        case .health: return (notification.severity == .error ? .failure : .success, "health")
        case .release, .automation: return nil
        }
    }

    /// At most 140 characters, GitHub's limit.
    static func description(_ notification: FluxNotification) -> String {
        let text = notification.message
        return text.count <= 140 ? text : String(text.prefix(137)) + "..."
    }

    struct GitHubBody: Encodable {
        var state: String
        var description: String
        var context: String
    }

    static func github(
        _ notification: FluxNotification, api: String, repository: String, context: String, token: String?
    ) -> OutgoingRequest? {
        guard let (state, suffix) = state(notification), let revision = notification.revision else { return nil }
        let name: String =
            switch state {
            case .success: "success"
            case .failure: "failure"
            case .pending: "pending"
            }
        var headers = [
            ("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28"),
            ("Content-Type", "application/json"), ("User-Agent", "fluxd"),
        ]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        return OutgoingRequest(
            url: trimmed(api) + "/repos/\(repository)/statuses/\(revision)", headers: headers,
            body: JSONBody.encode(GitHubBody(state: name, description: description(notification), context: "\(context)/\(suffix)")))
    }

    struct GitLabBody: Encodable {
        var state: String
        var description: String
        var name: String
    }

    static func gitlab(
        _ notification: FluxNotification, api: String, project: String, context: String, token: String?
    ) -> OutgoingRequest? {
        guard let (state, suffix) = state(notification), let revision = notification.revision else { return nil }
        let name: String =
            switch state {
            case .success: "success"
            case .failure: "failed"
            case .pending: "pending"
            }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let id = project.addingPercentEncoding(withAllowedCharacters: allowed) ?? project
        var headers = [("Content-Type", "application/json"), ("User-Agent", "fluxd")]
        if let token { headers.append(("PRIVATE-TOKEN", token)) }
        return OutgoingRequest(
            url: trimmed(api) + "/projects/\(id)/statuses/\(revision)", headers: headers,
            body: JSONBody.encode(GitLabBody(state: name, description: description(notification), name: "\(context)/\(suffix)")))
    }

    static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

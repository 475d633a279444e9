import KubernetesModel
import Testing

@testable import GitRepository

@Suite struct GitRemoteURLTests {
    @Test func parsesEveryKindOfURL() throws {
        let file = try GitRemoteURL("file:///srv/repo.git")
        #expect(file.transport == .file)
        #expect(file.host == nil)

        let ssh = try GitRemoteURL("ssh://git@example.com:2222/org/repo.git")
        #expect(ssh.transport == .ssh)
        #expect(ssh.host == "example.com")
        #expect(ssh.port == 2222)
        #expect(ssh.knownHostsName == "[example.com]:2222")
        #expect(ssh.gitURL == "ssh://git@example.com:2222/org/repo.git")

        let scp = try GitRemoteURL("git@github.com:fluxcd/flux-get-started.git")
        #expect(scp.transport == .ssh)
        #expect(scp.host == "github.com")
        #expect(scp.knownHostsName == "github.com")

        let https = try GitRemoteURL("https://user:s3cr%40t@git.example.com/org/repo.git")
        #expect(https.transport == .https)
        #expect(https.gitURL == "https://git.example.com/org/repo.git")
        #expect(https.embeddedUsername == "user")
        #expect(https.embeddedPassword == "s3cr@t")
        #expect(!https.description.contains("s3cr"))
    }

    @Test func rejectsOptionLikeAndEmptyURLs() {
        #expect(throws: GitError.self) { try GitRemoteURL("--upload-pack=touch /tmp/x") }
        #expect(throws: GitError.self) { try GitRemoteURL("ssh://-oProxyCommand=evil/repo") }
        #expect(throws: GitError.self) { try GitRemoteURL("   ") }
        #expect(throws: GitError.self) { try GitRemoteURL("not a url") }
    }

    @Test func redactsPasswordsInText() {
        let text = "fatal: unable to access 'https://bob:hunter2@example.com/r.git/': 403 and http://x:y@h"
        let redacted = GitRemoteURL.redact(text)
        #expect(!redacted.contains("hunter2"))
        #expect(redacted.contains("https://***@example.com/r.git/"))
        #expect(redacted.contains("http://***@h"))
        #expect(GitRemoteURL.redact("ssh://git@host/repo") == "ssh://git@host/repo")
        #expect(GitRemoteURL.redact("ssh://git:pw@host/repo") == "ssh://git:***@host/repo")
    }

    /// Issue 16, finding 3: a token given as the user name alone was shown in clear.
    @Test func userOnlyTokensNeverShow() throws {
        let token = "ghp_0123456789abcdefTOKEN"
        for text in [
            "https://\(token)@github.com/org/repo.git", "https://\(token):x-oauth-basic@github.com/org/repo.git",
            "HTTPS://\(token)@github.com/org/repo.git",
        ] {
            let url = try GitRemoteURL(text)
            #expect(url.hasEmbeddedCredentials)
            #expect(url.secrets.contains(token))
            #expect(url.gitURL == "https://github.com/org/repo.git" || url.gitURL == "HTTPS://github.com/org/repo.git")
            #expect(!url.description.contains(token))
            #expect(!"\(url)".contains(token))
            #expect(!GitRemoteURL.redact("fatal: unable to access '\(text)': 403").contains(token))
        }
        let error = #expect(throws: GitError.self) { try GitRemoteURL("https://\(token)@") }
        #expect(error.map { !"\($0)".contains(token) } ?? false)
        #expect(CredentialRedaction.hasCredentials("https://\(token)@github.com/x"))
        #expect(!CredentialRedaction.hasCredentials("git@github.com:org/repo.git"))
    }
}

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
        #expect(redacted.contains("https://bob:***@example.com/r.git/"))
        #expect(redacted.contains("http://x:***@h"))
        #expect(GitRemoteURL.redact("ssh://git@host/repo") == "ssh://git@host/repo")
    }
}

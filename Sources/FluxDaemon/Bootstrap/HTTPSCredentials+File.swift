import Foundation
import GitRepository
import KubernetesModel

extension HTTPSCredentials {
    /// The credentials for `url` in a file in git's credential-store format (what
    /// `git credential-store` writes to `~/.git-credentials`): one `https://USER:PASSWORD@HOST[:PORT]`
    /// per line, percent-encoded. The first line with the URL's scheme, host and port wins.
    /// Errors never quote the file's content.
    static func fromCredentialStore(path: String, for url: GitRemoteURL) throws -> HTTPSCredentials {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DaemonError("--git-https-credentials-file: cannot read \(path)", underlying: error)
        }
        for (number, rawLine) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let entry: GitRemoteURL
            do {
                entry = try GitRemoteURL(line)
            } catch {
                throw DaemonError("--git-https-credentials-file: \(path) line \(number + 1) is not a URL like https://USER:TOKEN@HOST")
            }
            guard entry.transport == url.transport, entry.host?.lowercased() == url.host?.lowercased(), entry.port == url.port
            else { continue }
            guard entry.hasEmbeddedCredentials else {
                throw DaemonError("--git-https-credentials-file: \(path) line \(number + 1) has no credentials")
            }
            // A token alone (`https://TOKEN@host`) is the user name with an empty password, as git sends it.
            return HTTPSCredentials(username: entry.embeddedUsername ?? "", password: entry.embeddedPassword ?? "")
        }
        throw DaemonError(
            "--git-https-credentials-file: \(path) has no line for \(url.transport == .http ? "http" : "https")://\(url.host ?? "")")
    }
}

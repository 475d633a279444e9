import Foundation

extension GitRepository {
    /// Switches to a new SSH deploy key (`fluxctl identity --regenerate`): later git operations
    /// authenticate with it. Waits for an operation in flight to finish first.
    public func replaceDeployKey(privateKey: String) async throws(GitError) {
        try await exclusivelyGit { () throws(GitError) in
            let keyPath = "\(auth.path)/identity"
            guard configuration.credentials.ssh != nil, FileManager.default.fileExists(atPath: keyPath) else {
                throw GitError(
                    code: .localFileSystem, operation: "replace deploy key", url: url,
                    message: "this repository does not use an SSH deploy key")
            }
            do {
                var key = privateKey
                if !key.hasSuffix("\n") { key += "\n" }
                try GitAuthDirectory.write(key, to: keyPath, mode: 0o600)
            } catch {
                throw GitError(
                    code: .localFileSystem, operation: "replace deploy key", url: url, message: "cannot write the key: \(error)")
            }
        }
    }
}

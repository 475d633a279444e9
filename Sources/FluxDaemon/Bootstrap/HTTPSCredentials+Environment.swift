import Foundation
import GitRepository

extension HTTPSCredentials {
    /// HTTPS git credentials from `GIT_AUTHUSER` and `GIT_AUTHKEY` (the variables Flux v1
    /// documented, usually filled from a Secret in the Deployment). They are handed to git
    /// through its askpass helper, never in the URL or arguments.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> HTTPSCredentials?
    {
        guard let user = environment["GIT_AUTHUSER"], let key = environment["GIT_AUTHKEY"], !key.isEmpty else {
            return nil
        }
        return HTTPSCredentials(username: user, password: key)
    }
}

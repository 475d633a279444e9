import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The only places fluxd (and the git, ssh and ssh-keygen it runs) writes to:
///
/// - `TMPDIR` (else `/tmp`): git working copies, the deploy key and known_hosts handed to ssh
///   (a 0700 directory per repository), ssh-keygen's scratch, remote kustomize bases;
/// - `--state-dir`: the image-scan cache;
/// - `HOME`: nothing fluxd writes itself, but git reads `~/.gitconfig` there and gpg keeps
///   `~/.gnupg` (ssh uses the home directory of the user's passwd entry, which the image sets
///   to the same `/home/flux`).
///
/// The installed pod has a read-only root filesystem with an emptyDir on each of these, so
/// fluxd checks them at start-up: a missing mount is named with what to do instead of
/// surfacing later as a git or ssh failure in the middle of a sync.
enum WritableDirectories {
    struct Requirement: Sendable, Equatable {
        /// What the directory is for and where it comes from, e.g. `TMPDIR (git working copies)`.
        var purpose: String
        var path: String
        /// Created when missing (the state directory), else it must exist.
        var create: Bool
        /// A problem stops fluxd (TMPDIR, state directory) or is only logged (HOME, which
        /// fluxd does not write itself: gpg needs it only for signature verification).
        var required: Bool = true
    }

    /// The directories fluxd needs to write, from its configuration and the environment.
    static func requirements(stateDirectory: String, environment: [String: String]) -> [Requirement] {
        let temporary = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var requirements = [
            Requirement(purpose: "TMPDIR (git working copies, SSH key files, scratch)", path: temporary, create: false),
            Requirement(purpose: "--state-dir (image-scan cache)", path: stateDirectory, create: true),
        ]
        if let home = environment["HOME"], !home.isEmpty {
            requirements.append(
                Requirement(purpose: "HOME (git and gpg configuration)", path: home, create: false, required: false))
        }
        return requirements
    }

    /// Checks (and, where allowed, creates) each directory; the error names every required one
    /// that is not a writable directory, with the fix for a pod. Returns the problems of the
    /// optional ones, for a warning.
    @discardableResult
    static func ensure(_ requirements: [Requirement]) throws(DaemonError) -> [String] {
        var problems: [String] = []
        var warnings: [String] = []
        for requirement in requirements {
            if let problem = self.problem(requirement) {
                let text = "\(requirement.purpose) \(requirement.path): \(problem)"
                if requirement.required { problems.append(text) } else { warnings.append(text) }
            }
        }
        guard problems.isEmpty else {
            throw DaemonError(
                "fluxd cannot write where it must (with a read-only root filesystem, mount an emptyDir on each; "
                    + "`fluxctl install` does): " + problems.joined(separator: "; "))
        }
        return warnings
    }

    static func problem(_ requirement: Requirement) -> String? {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: requirement.path, isDirectory: &isDirectory) {
            guard requirement.create else { return "does not exist" }
            do {
                try FileManager.default.createDirectory(
                    atPath: requirement.path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                return nil
            } catch {
                return "cannot be created (\(error.localizedDescription))"
            }
        }
        guard isDirectory.boolValue else { return "is not a directory" }
        // access(2) reports EROFS for a read-only mount as well as missing permissions.
        guard access(requirement.path, W_OK | X_OK) == 0 else {
            let reason = errno == EROFS ? "is on a read-only file system" : "is not writable by uid \(getuid())"
            return reason
        }
        return nil
    }
}

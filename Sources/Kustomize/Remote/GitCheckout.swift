import Foundation
import KubernetesModel

/// A shallow checkout of a remote base in a temporary directory, made the way kustomize v5's
/// `ClonerUsingGitExec` makes it: `git init`, `git remote add origin URL`,
/// `git fetch --depth=1 URL REF` (`HEAD` without a ref, so branches, tags and commit SHAs all
/// work), `git checkout FETCH_HEAD`, then `git submodule update --init --recursive` unless
/// `?submodules=false`.
///
/// The renderer is synchronous, so git runs as a plain child process (Foundation `Process`),
/// waited for on a semaphore with the spec's timeout; nothing here touches the Swift
/// concurrency pool. The caller removes the directory with `remove()`.
struct GitCheckout {
    /// The clone's working tree.
    let directory: String

    /// Why a git command failed: the command (without URLs' credentials) and git's stderr.
    struct Failure: Error {
        var message: String
    }

    /// Names of checkout directories start with this, so files read while building a remote
    /// base can be recognised and kept inside it (see `RemoteRestriction`).
    static let directoryPrefix = "swiftflux-kustomize-remote-"

    static var temporaryRoot: String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return URL(fileURLWithPath: base).standardizedFileURL.path
    }

    static func clone(_ spec: GitRepoSpec) throws(Failure) -> GitCheckout {
        let directory = "\(temporaryRoot)/\(directoryPrefix)\(UUID().uuidString.prefix(12).lowercased())"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Failure(message: "cannot create a temporary directory for the clone: \(error)")
        }
        let checkout = GitCheckout(directory: directory)
        do throws(Failure) {
            let ref = spec.ref.isEmpty ? "HEAD" : spec.ref
            try checkout.git(["init", "--quiet"], timeout: spec.timeout)
            try checkout.git(["remote", "add", "origin", spec.cloneURL], timeout: spec.timeout)
            do throws(Failure) {
                try checkout.git(["fetch", "--quiet", "--depth=1", spec.cloneURL, ref], timeout: spec.timeout)
            } catch {
                throw Failure(
                    message: "trouble fetching \(ref) (check that the repository exists and the ref is a valid branch, tag or commit): \(error.message)"
                )
            }
            try checkout.git(["checkout", "--quiet", "FETCH_HEAD"], timeout: spec.timeout)
            if spec.submodules {
                try checkout.git(["submodule", "update", "--init", "--recursive"], timeout: spec.timeout)
            }
        } catch {
            checkout.remove()
            throw error
        }
        return checkout
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs git in the checkout; throws with git's stderr (credentials redacted) on failure.
    private func git(_ arguments: [String], timeout: TimeInterval) throws(Failure) {
        let shown = "git " + arguments.map(Redaction.redact).joined(separator: " ")
        guard let git = Self.findGit() else {
            throw Failure(message: "cannot run git: no 'git' executable in PATH")
        }
        let errorFile = directory + ".stderr"
        guard FileManager.default.createFile(atPath: errorFile, contents: nil),
            let errorHandle = FileHandle(forWritingAtPath: errorFile)
        else {
            throw Failure(message: "cannot run \(shown): cannot create '\(errorFile)'")
        }
        defer {
            try? errorHandle.close()
            try? FileManager.default.removeItem(atPath: errorFile)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        // Never wait for a password on a terminal: fail, and say why.
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["LC_ALL"] = "C"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        // A file, not a pipe: a helper git leaves behind (ssh, upload-pack) cannot block us.
        process.standardError = errorHandle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw Failure(message: "cannot run \(shown): \(error)")
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = finished.wait(timeout: .now() + 5)
            }
            throw Failure(message: "\(shown) timed out after \(Self.format(timeout))")
        }
        guard process.terminationStatus == 0 else {
            let data = FileManager.default.contents(atPath: errorFile) ?? Data()
            let stderr = Redaction.redact(String(decoding: data, as: UTF8.self))
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(message: "\(shown) failed (exit \(process.terminationStatus)): \(stderr)")
        }
    }

    private static func format(_ seconds: TimeInterval) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }

    private static func findGit() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/git"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Removes credentials from URLs in messages, as everywhere in SwiftFlux (`CredentialRedaction`):
/// `https://user:token@host` and `https://token@host` → `https://***@host` (a token is often the
/// user name, alone or as `TOKEN:x-oauth-basic`).
enum Redaction {
    static func redact(_ text: String) -> String { CredentialRedaction.redact(text) }
}

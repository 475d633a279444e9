import Foundation

/// Remote `resources:` (and `components:`) entries, when `allowRemoteResources` is on, resolved
/// the way kustomize v5's `accumulateResources` resolves them:
/// - an `http(s)://` URL is first fetched as a manifest file; if that answers outside 2xx (or
///   the body is not YAML) and the URL also reads as a git repository, it is cloned instead;
/// - any other git URL is cloned (see `GitRepoSpec`, `GitCheckout`) and the directory it names
///   is built as a kustomization, which it must contain. A git URL naming a file is an error,
///   as in kustomize.
///
/// The clone lives in a temporary directory removed as soon as the base is accumulated. Files a
/// remote kustomization reads must lie in or below its own directory, and the bases it names
/// inside the clone (kustomize's load restrictions for remote bases).
extension BuildContext {
    /// The objects of a remote `resources:` entry.
    mutating func accumulateRemote(_ entry: String, file: String, field: String) async throws -> [Resource] {
        let shown = Redaction.redact(entry)
        var fileFailure: String?
        if HTTPFetch.isHTTP(entry) {
            switch await HTTPFetch.get(entry) {
            case .success(let data):
                do {
                    let text = String(decoding: data, as: UTF8.self)
                    return try FileLoader.parseResources(text, origin: shown, kustomization: file, field: field)
                } catch let error as KustomizeError {
                    // kustomize: a body that is not YAML may still be a repository's web page.
                    guard GitRepoSpec(entry) != nil else { throw error }
                    fileFailure = "fetched as a file, it is not a manifest: \(error.message)"
                }
            case .status(let code):
                let reason = "HTTP GET answered \(code) (\(HTTPFetch.statusText(code)))"
                guard GitRepoSpec(entry) != nil else {
                    throw KustomizeError(.remoteResource, file: file, field: field, "remote resource '\(shown)': \(reason)")
                }
                fileFailure = reason
            case .failed(let reason):
                let reason = "HTTP GET failed: \(Redaction.redact(reason))"
                guard GitRepoSpec(entry) != nil else {
                    throw KustomizeError(.remoteResource, file: file, field: field, "remote resource '\(shown)': \(reason)")
                }
                fileFailure = reason
            }
        }
        return try await withRemoteKustomization(entry, file: file, field: field, what: "remote resource", fileFailure: fileFailure) {
            context, child in
            if child.isComponent {
                throw KustomizeError(
                    .invalidField, file: child.file, field: "kind", "expected kind 'Kustomization' but got 'Component'")
            }
            return try await context.accumulate(child)
        }
    }

    /// A remote `components:` entry (a git URL only, as in kustomize), applied to `resources`.
    mutating func accumulateRemoteComponent(
        _ entry: String, file: String, field: String, into resources: inout [Resource]
    ) async throws {
        var accumulated = resources
        try await withRemoteKustomization(entry, file: file, field: field, what: "remote component", fileFailure: nil) {
            context, child in
            guard child.isComponent else {
                throw KustomizeError(
                    .invalidField, file: child.file, field: "kind",
                    "expected kind 'Component' but got '\(child.string("kind") ?? "Kustomization")'")
            }
            try await context.accumulate(child, into: &accumulated)
        }
        resources = accumulated
    }

    /// Clones the repository a git URL names, checks that the directory it names holds a
    /// kustomization, runs `body` on it, and removes the clone. Errors name the kustomization
    /// `file`, its `field` and the URL; files inside the clone are named by URL.
    private mutating func withRemoteKustomization<T>(
        _ entry: String, file: String, field: String, what: String, fileFailure: String?,
        _ body: (inout BuildContext, Kustomization) async throws -> T
    ) async throws -> T {
        let shown = Redaction.redact(entry)
        guard let spec = GitRepoSpec(entry) else {
            throw KustomizeError(
                .remoteResource, file: file, field: field,
                "\(what) '\(shown)' is not a URL kustomize can fetch (expected http(s)://…/file.yaml or a git URL such as https://host/org/repo.git//dir?ref=v1, git@host:org/repo.git//dir, github.com/org/repo/dir or file:///path/repo.git//dir)"
            )
        }
        func failure(_ message: String) -> KustomizeError {
            let prefix = fileFailure.map { "\($0); as a git repository: " } ?? ""
            return KustomizeError(.remoteResource, file: file, field: field, "\(what) '\(shown)': \(prefix)\(message)")
        }
        if let earlier = remoteStack.first(where: { $0.hasPrefix(entry) }) {
            throw KustomizeError(
                .cycle, file: file, field: field,
                "cycle detected: URI '\(shown)' referenced by previous URI '\(Redaction.redact(earlier))'")
        }
        let checkout: GitCheckout
        do {
            checkout = try await GitCheckout.clone(spec)
        } catch {
            throw failure(error.message)
        }
        defer { checkout.remove() }  // synchronous removal of the temporary clone
        let repository = Redaction.redact(spec.cloneURL)
        let ref = spec.ref.isEmpty ? "the default branch" : "ref '\(spec.ref)'"
        let rootName = spec.rootPath.isEmpty ? "the top directory" : "directory '\(spec.rootPath)'"
        let root = FileLoader.resolve(spec.rootPath, in: checkout.directory)
        guard RemoteRestriction.isWithin(root, checkout.directory) else {
            throw failure("\(rootName) leads outside the repository \(repository)")
        }
        guard FileLoader.exists(root) else {
            throw failure("\(rootName) does not exist in \(repository) at \(ref)")
        }
        guard FileLoader.isDirectory(root) else {
            throw failure("'\(spec.rootPath)' in \(repository) at \(ref) is a file; expecting a directory with a kustomization")
        }
        guard FileLoader.kustomizationFile(in: root) != nil else {
            throw failure(
                "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in \(rootName) of \(repository) at \(ref)"
            )
        }
        remoteStack.append(entry)
        defer { remoteStack.removeLast() }
        do {
            let child = try await FileLoader.loadKustomization(directory: root, referencedFrom: file, field: field)
            return try await body(&self, child)
        } catch var error as KustomizeError {
            // Name files inside the clone by URL: the temporary directory is gone afterwards.
            let display = "\(repository)//"
            error.file = error.file.replacingOccurrences(of: checkout.directory + "/", with: display)
            error.message = error.message.replacingOccurrences(of: checkout.directory + "/", with: display)
                .replacingOccurrences(of: checkout.directory, with: repository)
            if error.file != file {
                error.message += " (in \(what) '\(shown)' at \(ref), from \(file) field \(field))"
            }
            throw error
        }
    }
}

/// kustomize's load restrictions for remote bases, applied to what a kustomization inside a
/// clone reads: files in or below its own directory, bases inside the clone.
enum RemoteRestriction {
    /// The checkout directory `path` lies in, if any.
    static func checkout(containing path: String) -> String? {
        let prefix = GitCheckout.temporaryRoot + "/" + GitCheckout.directoryPrefix
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        let name = rest.prefix { $0 != "/" }
        return prefix + name
    }

    static func isWithin(_ path: String, _ root: String) -> Bool {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        return real == realRoot || real.hasPrefix(realRoot + "/")
    }

    /// A file read for `kustomization` must be in or below its directory when it is remote.
    static func checkFile(_ path: String, kustomization: String, field: String) throws {
        guard checkout(containing: kustomization) != nil else { return }
        let root = (kustomization as NSString).deletingLastPathComponent
        guard isWithin(path, root) else {
            throw KustomizeError(
                .remoteResource, file: kustomization, field: field,
                "security; file '\(path)' is not in or below '\(root)' (a remote kustomization may only read its own files)")
        }
    }

    /// A base or component named by a remote kustomization must be inside the same clone.
    static func checkDirectory(_ path: String, kustomization: String, field: String) throws {
        guard let checkout = checkout(containing: kustomization) else { return }
        guard isWithin(path, checkout) else {
            throw KustomizeError(
                .remoteResource, file: kustomization, field: field,
                "security; bases in kustomizations found in cloned git repos must be within the repo, but base '\(path)' is outside '\(checkout)'"
            )
        }
    }
}

import Foundation
import KubernetesModel

extension GitRepository {
    /// With `notesRef` (`--git-notes-ref`), adds a note to the checkout's HEAD saying who
    /// asked for the change and why, on top of the remote's notes (fetched first, so notes
    /// other tools or an earlier Flux v1 wrote are kept), as Flux v1 annotated its commits.
    /// Returns the refspecs to push with the branch; empty without notes.
    func addNote(in directory: String, author: GitIdentity, message: String) async throws(GitError) -> [String] {
        guard let ref = configuration.notesRef, !ref.isEmpty else { return [] }
        let fullRef = ref.hasPrefix("refs/") ? ref : "refs/notes/\(ref)"
        // The ref may not exist yet on the remote: then the note starts it.
        _ = try await runner.runAllowingFailure(
            "fetch", ["fetch", "--quiet", "--no-tags", "--end-of-options", configuration.url.gitURL, "+\(fullRef):\(fullRef)"],
            in: directory)
        let note: JSONValue = [
            "cause": [
                "user": .string(author.description), "message": .string(message.split(separator: "\n").first.map(String.init) ?? ""),
            ],
            "source": "fluxd",
        ]
        try await runner.run(
            "notes", ["notes", "--ref=\(fullRef)", "add", "--force", "--message=\(note.serialized())", "HEAD"], in: directory,
            extraEnvironment: [
                "GIT_COMMITTER_NAME": configuration.committer.name, "GIT_COMMITTER_EMAIL": configuration.committer.email,
                "GIT_AUTHOR_NAME": configuration.committer.name, "GIT_AUTHOR_EMAIL": configuration.committer.email,
            ])
        return ["\(fullRef):\(fullRef)"]
    }
}

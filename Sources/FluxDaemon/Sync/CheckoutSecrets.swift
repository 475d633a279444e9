import GitRepository
import Manifests

/// What fluxd does to a checked-out revision before reading it: `--git-secret` reveals
/// git-secret files, `--sops` decrypts SOPS-encrypted files as they are read (in memory).
/// A file that cannot be revealed or decrypted fails the pass, naming the file: nothing is
/// applied or pruned.
struct CheckoutSecrets: Sendable {
    var gitSecret: GitSecretReveal?
    var decryption: ManifestDecryption = .off

    func prepare(_ directory: String) async throws {
        try await gitSecret?.reveal(in: directory)
    }
}

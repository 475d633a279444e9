import ArgumentParser

/// fluxd's flags for signed commits and encrypted files, as in Flux v1: GPG keys to import,
/// the key that signs fluxd's commits and sync tag, signature verification, SOPS and
/// git-secret.
public struct SecretOptions: ParsableArguments, Sendable {
    public init() {}

    @Option(
        name: .customLong("git-gpg-key-import"),
        help:
            "GPG key files, or directories of them (e.g. a mounted Secret), imported into fluxd's own keyring (repeatable or comma-separated)"
    )
    public var gitGPGKeyImport: [String] = []
    @Option(name: .customLong("git-signing-key"), help: "GPG key (ID or fingerprint) that signs fluxd's commits and sync tag")
    public var gitSigningKey: String?
    @Option(
        name: .customLong("git-verify-signatures-mode"),
        help: "Which commits must carry a valid signature by an imported key: none, all, or first-parent [none]")
    public var gitVerifySignaturesMode: String?
    @Flag(
        name: .customLong("sops"), inversion: .prefixedNo,
        help: "Decrypt SOPS-encrypted files (manifests and kustomize inputs) with the keys sops finds")
    public var sops: Bool = false
    @Flag(name: .customLong("git-secret"), inversion: .prefixedNo, help: "Run `git secret reveal -f` on every checkout")
    public var gitSecret: Bool = false
}

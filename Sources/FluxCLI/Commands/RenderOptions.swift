import ArgumentParser
import Manifests
import SOPSDecryption

/// How `build` and `diff` read a path of the repository: the flags that make fluxctl load it
/// as a fluxd with the same flags would.
struct RenderOptions: ParsableArguments {
    @Flag(name: .customLong("manifest-generation"), help: "Honour .flux.yaml files (run their generators)")
    var manifestGeneration = false

    @Flag(
        name: .customLong("enable-remote-resources"),
        help: "Fetch remote kustomize resources (git repositories, http(s) files), as kustomize does")
    var enableRemoteResources = false

    @Flag(
        name: .customLong("sops"),
        help: "Decrypt SOPS-encrypted files with the keys sops finds (SOPS_AGE_KEY_FILE, SOPS_AGE_KEY, the GnuPG keyring, KMS)")
    var sops = false

    /// The render of `path` these flags ask for.
    func render(_ path: String) -> LocalRender {
        LocalRender(
            path: path, manifestGeneration: manifestGeneration, allowRemoteResources: enableRemoteResources,
            decryption: sops ? ManifestDecryption(decryptor: SOPSDecryptor()) : .off)
    }
}

import CommandRunner
import GitRepository
import Logging
import Manifests
import SOPSDecryption

/// fluxd's GnuPG home and what uses it: `--git-gpg-key-import` keys are imported into a
/// private home (trusted when signatures are verified, as Flux v1 did), which git (signing,
/// verification), sops and git-secret then use. Without imports and without verification,
/// the environment's keyring is used, as Flux v1 did when a keyring was mounted directly.
enum GPGSetup {
    static func prepare(_ settings: DaemonConfiguration.SignatureSettings, logger: Logger) async throws -> GnuPGHome? {
        guard !settings.keyImports.isEmpty || settings.verifyMode != .none else { return nil }
        let home = try GnuPGHome()
        for path in settings.keyImports {
            do {
                let imported = try await home.importKeys(from: [path], trust: false)
                for file in imported {
                    if let error = file.error {
                        logger.error("failed to import GPG key", metadata: ["file": "\(file.file)", "error": "\(error)"])
                    } else {
                        logger.info("imported GPG key(s)", metadata: ["file": "\(file.file)"])
                    }
                }
            } catch {
                logger.error("failed to import GPG key(s)", metadata: ["path": "\(path)", "error": "\(error.message)"])
            }
        }
        if settings.verifyMode != .none {
            try await home.trustAllKeys()
            if try await home.fingerprints().isEmpty {
                logger.warning("signature verification is on but no GPG key was imported: every commit will be refused")
            }
        }
        if let key = settings.signingKey, !(try await home.hasSecretKey(key)) {
            logger.error(
                "the --git-signing-key is not among the imported keys: import its secret key with --git-gpg-key-import",
                metadata: ["key": "\(key)"])
        }
        return home
    }

    /// `--sops`: the decryptor, using fluxd's GnuPG home for PGP keys when it has one.
    static func decryption(enabled: Bool, home: GnuPGHome?, keysImported: Bool, timeout: Duration, logger: Logger) throws
        -> ManifestDecryption
    {
        guard enabled else { return .off }
        guard Command.which("sops") != nil else {
            throw DaemonError("--sops needs the sops binary (getsops/sops 3.7 or later) in PATH")
        }
        if !keysImported {
            logger.info(
                "--sops is on without --git-gpg-key-import: decryption keys come from the environment (SOPS_AGE_KEY_FILE, SOPS_AGE_KEY, the GnuPG keyring, cloud KMS)"
            )
        }
        return ManifestDecryption(decryptor: SOPSDecryptor(environment: home?.environment ?? [:], timeout: timeout))
    }
}

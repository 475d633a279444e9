import Foundation
import KubernetesModel
import SOPSDecryption

/// How the loader treats SOPS-encrypted files (`fluxd --sops`, `fluxctl build/diff --sops`):
/// decrypted in memory as they are read (plain manifests and every file a kustomization
/// reads), or, without a decryptor, refused by name rather than applied as ciphertext.
public struct ManifestDecryption: Sendable {
    /// `nil`: `--sops` is off.
    public var decryptor: SOPSDecryptor?

    public init(decryptor: SOPSDecryptor? = nil) {
        self.decryptor = decryptor
    }

    public static let off = ManifestDecryption()

    /// The file's content to read: the plaintext when sops encrypted it, else the bytes as
    /// they are. `file` is the name errors show (relative to the repository).
    func contents(_ bytes: [UInt8], path: String, file: String) async throws(ManifestError) -> [UInt8] {
        let format = SOPSFormat(fileName: path)
        guard format.isEncrypted(bytes) else { return bytes }
        guard let decryptor else {
            throw ManifestError(
                code: .decryption, file: file, line: nil,
                message: "the file is encrypted with sops; run fluxd with --sops (fluxctl build/diff --sops) to decrypt it")
        }
        do {
            return try await decryptor.decrypt(bytes, format: format, file: file)
        } catch {
            throw ManifestError(code: .decryption, file: file, line: nil, message: "cannot decrypt with sops: \(error.message)")
        }
    }
}

import Foundation
import Kustomize
import Synchronization

/// Gives the native kustomize renderer the plaintext of SOPS-encrypted files it reads: each
/// file is read through `base` and, when sops encrypted it, decrypted in memory as it is read.
/// Only files the kustomization really reads are decrypted, so a repository holding files
/// encrypted for other clusters' keys still renders. The first file that cannot be decrypted
/// is kept as `failure`, so the render fails with that file's own error.
final class DecryptingFileReader: KustomizeFileReader, Sendable {
    private let base: any KustomizeFileReader
    private let decryption: ManifestDecryption
    /// The name errors use for an absolute path.
    private let show: @Sendable (String) -> String
    private let firstFailure = Mutex<ManifestError?>(nil)

    init(base: any KustomizeFileReader, decryption: ManifestDecryption, show: @escaping @Sendable (String) -> String) {
        self.base = base
        self.decryption = decryption
        self.show = show
    }

    func read(_ path: String) async throws -> Data {
        let bytes = try await base.read(path)
        do {
            return Data(try await decryption.contents(Array(bytes), path: path, file: show(path)))
        } catch {
            firstFailure.withLock { if $0 == nil { $0 = error } }
            throw error
        }
    }

    /// The first decryption failure of the render, if any.
    var failure: ManifestError? { firstFailure.withLock { $0 } }
}

extension KustomizeRenderer {
    /// Renders a kustomization directory natively, byte for byte as `kubectl kustomize`, with
    /// SOPS-encrypted inputs decrypted as fluxd decrypts them (`fluxctl build --sops`). Throws
    /// `KustomizeError` for render errors and `ManifestError` for files that cannot be decrypted.
    public static func renderNative(
        directory: String, allowRemoteResources: Bool, decryption: ManifestDecryption
    ) async throws -> String {
        let reader = DecryptingFileReader(base: LocalFileReader(), decryption: decryption) { $0 }
        do {
            return try await Kustomizer(allowRemoteResources: allowRemoteResources, reader: reader).render(directory: directory)
        } catch {
            if let failure = reader.failure { throw failure }
            throw error
        }
    }
}

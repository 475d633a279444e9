import Foundation
import Kustomize
import SOPSDecryption
import Synchronization

/// Gives the native kustomize renderer the plaintext of SOPS-encrypted files it reads.
///
/// The renderer reads files synchronously, and sops runs as a process, so rendering goes in
/// rounds: a round serves the files decrypted so far and notes every other encrypted file it
/// is asked for (serving its ciphertext, so the round runs on); the noted files are then
/// decrypted and the render repeated. Only files the kustomization really reads are
/// decrypted, so a repository holding files encrypted for other clusters' keys still
/// renders. Plaintext stays in this object's memory for the render only.
final class DecryptingFileReader: KustomizeFileReader, Sendable {
    private let decrypted: [String: Data]
    private let needed = Mutex<Set<String>>([])

    init(decrypted: [String: Data]) {
        self.decrypted = decrypted
    }

    func contents(of path: String, onDisk: Data) throws -> Data {
        if let plaintext = decrypted[path] { return plaintext }
        if SOPSFormat(fileName: path).isEncrypted(Array(onDisk)) {
            needed.withLock { _ = $0.insert(path) }
        }
        return onDisk
    }

    /// Encrypted files read this round that have no plaintext yet.
    var missing: Set<String> { needed.withLock { $0 } }

    /// Renders with `render` until no encrypted file is left undecrypted; `show` turns an
    /// absolute path into the name errors use.
    static func render<T>(
        decryption: ManifestDecryption, show: (String) -> String,
        _ render: (DecryptingFileReader) async throws(KustomizeError) -> T
    ) async throws(ManifestError) -> Result<T, KustomizeError> {
        var plaintexts: [String: Data] = [:]
        while true {
            let reader = DecryptingFileReader(decrypted: plaintexts)
            let result: Result<T, KustomizeError>
            do throws(KustomizeError) {
                result = .success(try await render(reader))
            } catch {
                result = .failure(error)
            }
            let missing = reader.missing
            if missing.isEmpty { return result }
            for path in missing.sorted() {
                let bytes: [UInt8]
                do {
                    bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
                } catch {
                    throw ManifestError(code: .unreadable, file: show(path), line: nil, message: "cannot read file: \(error)")
                }
                plaintexts[path] = Data(try await decryption.contents(bytes, path: path, file: show(path)))
            }
        }
    }
}

extension KustomizeRenderer {
    /// Renders a kustomization directory natively, byte for byte as `kubectl kustomize`, with
    /// SOPS-encrypted inputs decrypted as fluxd decrypts them (`fluxctl build --sops`). Throws
    /// `KustomizeError` for render errors and `ManifestError` for files that cannot be decrypted.
    public static func renderNative(
        directory: String, allowRemoteResources: Bool, decryption: ManifestDecryption
    ) async throws -> String {
        let result = try await DecryptingFileReader.render(decryption: decryption, show: { $0 }) {
            (reader) throws(KustomizeError) -> String in
            try Kustomizer(allowRemoteResources: allowRemoteResources, fileReader: reader).render(directory: directory)
        }
        return try result.get()
    }
}

import Foundation

/// Lets the program embedding the renderer supply a file's content in place of the bytes on
/// disk: fluxd decrypts SOPS-encrypted inputs this way (see `Manifests`' decryption), so a
/// `secretGenerator` reading an encrypted `.env` file gets the plaintext, in memory only.
public protocol KustomizeFileReader: Sendable {
    /// The bytes to use for the file at `path` (absolute), given the bytes on disk.
    func contents(of path: String, onDisk: Data) throws -> Data
}

enum FileReading {
    /// The reader of the render in progress (bound by `Kustomizer.build`).
    @TaskLocal static var current: (any KustomizeFileReader)?
}

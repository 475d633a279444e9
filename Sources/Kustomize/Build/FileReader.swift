import Foundation
import NIOFileSystem

/// Where a build reads file contents from: kustomization files, resources, patches,
/// generator inputs, replacement and configuration files. The default reads the local disk
/// asynchronously (NIO's file system, off the concurrency pool); another reader can wrap it,
/// e.g. to decrypt sops-encrypted files before kustomize sees them. Paths are absolute; the
/// load restrictor has already checked them.
public protocol KustomizeFileReader: Sendable {
    func read(_ path: String) async throws -> Data
}

/// The local disk, read with NIO's asynchronous file system.
public struct LocalFileReader: KustomizeFileReader {
    /// Files larger than this are refused (a kustomization input is never this large).
    public var maximumSize: Int

    public init(maximumSize: Int = 256 << 20) {
        self.maximumSize = maximumSize
    }

    public func read(_ path: String) async throws -> Data {
        Data(try await [UInt8](contentsOf: FilePath(path), maximumSizeAllowed: .bytes(Int64(maximumSize))))
    }
}

extension FileLoader {
    /// The reader of the build running in this task (`Kustomizer.reader`).
    @TaskLocal static var reader: any KustomizeFileReader = LocalFileReader()
}

import Foundation

extension DeployKey {
    /// How a new deploy key is generated: Flux v1's `--ssh-keygen-type`, `--ssh-keygen-bits`,
    /// `--ssh-keygen-format` (the `-t`, `-b` and `-m` of `ssh-keygen`) and `--ssh-keygen-dir`
    /// (where `ssh-keygen` writes the key, ideally a tmpfs; the key lives there only while it
    /// is read, then it is kept in the Secret).
    public struct Generation: Sendable, Hashable {
        /// `-m` of `ssh-keygen` for private keys.
        public enum Format: String, Sendable, Hashable, CaseIterable {
            case rfc4716 = "RFC4716"
            case pkcs8 = "PKCS8"
            case pem = "PEM"
        }

        public var type: KeyType
        public var format: Format?
        /// A directory to generate keys in; `nil`: the temporary directory.
        public var directory: String?

        public init(type: KeyType = .ed25519, format: Format? = nil, directory: String? = nil) {
            self.type = type
            self.format = format
            self.directory = directory
        }

        /// From the flags' text. `dsa`, which Flux v1 accepted, is refused: OpenSSH no longer
        /// generates DSA keys and git hosts no longer accept them.
        public init(type: String, bits: Int? = nil, format: String? = nil, directory: String? = nil) throws(GitError) {
            func invalid(_ message: String) -> GitError {
                GitError(code: .invalidArgument, operation: "ssh-keygen", url: "", message: message)
            }
            switch type.lowercased() {
            case "ed25519":
                guard bits == nil || bits == 256 else {
                    throw invalid("--ssh-keygen-bits: ed25519 keys have 256 bits, not \(bits ?? 0)")
                }
                self.type = .ed25519
            case "ecdsa":
                let size = bits ?? 256
                guard [256, 384, 521].contains(size) else {
                    throw invalid("--ssh-keygen-bits: ecdsa keys have 256, 384 or 521 bits, not \(size)")
                }
                self.type = .ecdsa(bits: size)
            case "rsa":
                let size = bits ?? 4096
                guard size >= 2048 else { throw invalid("--ssh-keygen-bits: rsa keys need at least 2048 bits, not \(size)") }
                self.type = .rsa(bits: size)
            default:
                throw invalid("--ssh-keygen-type: must be ed25519, ecdsa or rsa, not \"\(type)\"")
            }
            if let format, !format.isEmpty {
                guard let parsed = Format.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(format) == .orderedSame }) else {
                    throw invalid("--ssh-keygen-format: must be RFC4716, PKCS8 or PEM, not \"\(format)\"")
                }
                self.format = parsed
            } else {
                self.format = nil
            }
            self.directory = directory.flatMap { $0.isEmpty ? nil : $0 }
        }

        /// The directory keys are generated in when it exists and is writable, else `nil`
        /// (the temporary directory), so a manifest naming a volume that is not mounted still runs.
        public var usableDirectory: String? {
            guard let directory else { return nil }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
                FileManager.default.isWritableFile(atPath: directory)
            else { return nil }
            return directory
        }
    }
}

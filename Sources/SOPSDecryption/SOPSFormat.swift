import KubernetesModel

/// The file formats sops encrypts, chosen by file name as sops chooses them: `.yaml`/`.yml`,
/// `.json`, `.env`, `.ini`, anything else binary (the whole file is one encrypted value,
/// stored as JSON `{"data": …, "sops": …}`).
public enum SOPSFormat: String, Sendable, Hashable, CaseIterable {
    case yaml, json, dotenv, ini, binary

    public init(fileName: String) {
        let name = fileName.split(separator: "/").last.map(String.init) ?? fileName
        let suffix = name.split(separator: ".").count > 1 ? name.split(separator: ".").last.map { $0.lowercased() } : nil
        switch suffix {
        case "yaml", "yml": self = .yaml
        case "json": self = .json
        case "env": self = .dotenv
        case "ini": self = .ini
        default: self = .binary
        }
    }

    /// Whether `bytes` is a file sops encrypted in this format: it carries sops's metadata
    /// (a top-level `sops` map with a `mac`, `sops_mac=` lines, a `[sops]` section). Cheap
    /// and key-free; a manifest or input file never has these.
    public func isEncrypted(_ bytes: [UInt8]) -> Bool {
        guard let text = String(validating: bytes, as: UTF8.self) else { return false }
        switch self {
        case .yaml:
            var inSops = false
            var sawMac = false
            for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
                if line == "sops:" || line.hasPrefix("sops: ") || line.hasPrefix("sops:\t") || line.hasPrefix("sops:\r") {
                    inSops = true
                } else if inSops, let first = line.first, first == " " || first == "\t" {
                    if line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("mac:") { sawMac = true }
                } else if !line.hasPrefix("#") {
                    if inSops && sawMac { return true }
                    inSops = false
                }
            }
            return inSops && sawMac
        case .json, .binary:
            // try?: not parseable as JSON means not a sops file of this format (the loader reports it).
            guard text.contains("\"sops\""), let object = try? JSONValue(parsing: Array(text.utf8)) else { return false }
            return object["sops"]?["mac"] != nil && (self == .json || object["data"] != nil)
        case .dotenv:
            return text.split(separator: "\n").contains { $0.hasPrefix("sops_mac=") }
        case .ini:
            return text.split(separator: "\n").contains { String($0).trimmingWhitespace() == "[sops]" }
        }
    }
}

/// The web UI's files (HTML, CSS, JavaScript, an icon), compiled into the binary so fluxd
/// serves them with no file on disk, no CDN and no network: `Generated/UIAssetFiles.swift`
/// holds them as string literals, written from `Assets/` by `scripts/generate-ui-assets.py`
/// (a test checks the two agree).
public struct UIAsset: Sendable, Hashable {
    /// The path under `/ui/`, e.g. `app.js` or `pages/overview.js`.
    public let path: String
    public let contentType: String
    public let bytes: [UInt8]
    /// A strong validator of the content (`"…"`, FNV-1a 64 in hex).
    public let etag: String

    init(path: String, text: String) {
        self.path = path
        self.bytes = Array(text.utf8)
        self.contentType = Self.contentType(of: path)
        self.etag = "\"\(Self.fnv1a(bytes))\""
    }

    static func contentType(of path: String) -> String {
        let ext = path.split(separator: ".").last.map(String.init) ?? ""
        switch ext {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "webmanifest": return "application/manifest+json"
        default: return "application/octet-stream"
        }
    }

    static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Every asset by path.
public enum UIAssets {
    public static let all: [String: UIAsset] = Dictionary(
        uniqueKeysWithValues: UIAssetFiles.texts.map { ($0.path, UIAsset(path: $0.path, text: $0.text)) })

    /// The sum of every asset's size: all a first load can fetch.
    public static var totalBytes: Int { all.values.reduce(0) { $0 + $1.bytes.count } }
}

import Foundation
import Testing

@testable import FluxUI

@Suite struct UIResponderTests {
    static var assetsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/FluxUI/Assets")
    }

    /// The compiled-in files are exactly the files in Sources/FluxUI/Assets: whoever changes
    /// an asset must run scripts/generate-ui-assets.py.
    @Test func generatedFilesMatchTheAssets() throws {
        let root = Self.assetsDirectory
        let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]))
        var onDisk: [String: String] = [:]
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            onDisk[relative] = try String(contentsOf: url, encoding: .utf8)
        }
        let compiled = Dictionary(uniqueKeysWithValues: UIAssetFiles.texts.map { ($0.path, $0.text) })
        #expect(Set(onDisk.keys) == Set(compiled.keys), "run scripts/generate-ui-assets.py")
        for (path, text) in onDisk {
            #expect(compiled[path] == text, "\(path) differs from the compiled copy: run scripts/generate-ui-assets.py")
        }
    }

    /// The whole UI, everything a first load can fetch, stays well under 300 KB.
    @Test func firstLoadIsSmall() {
        #expect(UIAssets.totalBytes < 300_000)
        #expect(UIAssets.all["index.html"] != nil)
    }

    /// Nothing in the page loads from elsewhere or runs inline: what the CSP enforces, checked
    /// in the sources too.
    @Test func assetsReferenceNothingExternalOrInline() throws {
        for asset in UIAssets.all.values {
            let text = String(decoding: asset.bytes, as: UTF8.self)
            // An SVG's namespace is a name, not a download.
            let checked = text.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            for forbidden in [
                "http://", "https://", "//cdn", "innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function",
                "document.write", "localStorage", "document.cookie", "@import", "url(",
            ] {
                #expect(!checked.contains(forbidden), "\(asset.path) contains \(forbidden)")
            }
            if asset.path.hasSuffix(".html") {
                #expect(!text.contains("style="), "\(asset.path): inline style")
                #expect(!text.contains("<style"), "\(asset.path): inline style")
                #expect(text.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(asset.path): inline event handler")
                for script in text.components(separatedBy: "<script").dropFirst() {
                    #expect(script.contains("src="), "\(asset.path): inline script")
                }
            }
        }
    }

    @Test func servesThePageWithAStrictPolicy() throws {
        let answer = try #require(UIResponder.answer(method: "GET", path: "/ui/", ifNoneMatch: nil))
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type") == "text/html; charset=utf-8")
        let policy = try #require(answer.header("Content-Security-Policy"))
        #expect(policy.contains("default-src 'none'"))
        #expect(policy.contains("script-src 'self'"))
        #expect(policy.contains("style-src 'self'"))
        #expect(policy.contains("connect-src 'self'"))
        #expect(policy.contains("frame-ancestors 'none'"))
        #expect(!policy.contains("unsafe"))
        #expect(answer.header("X-Content-Type-Options") == "nosniff")
        #expect(answer.header("Referrer-Policy") == "no-referrer")
        #expect(answer.header("Cache-Control") == "no-cache")
        #expect(answer.body == UIAssets.all["index.html"]?.bytes)
    }

    @Test func servesAssetsByPathWithTypes() throws {
        let script = try #require(UIResponder.answer(method: "GET", path: "/ui/js/app.js", ifNoneMatch: nil))
        #expect(script.status == 200)
        #expect(script.header("Content-Type") == "text/javascript; charset=utf-8")
        let style = try #require(UIResponder.answer(method: "GET", path: "/ui/app.css", ifNoneMatch: nil))
        #expect(style.header("Content-Type") == "text/css; charset=utf-8")
        let head = try #require(UIResponder.answer(method: "HEAD", path: "/ui/app.css", ifNoneMatch: nil))
        #expect(head.status == 200 && head.body.isEmpty)
    }

    @Test func revalidatesWithTheETag() throws {
        let first = try #require(UIResponder.answer(method: "GET", path: "/ui/app.css", ifNoneMatch: nil))
        let etag = try #require(first.header("ETag"))
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\""))
        let again = try #require(UIResponder.answer(method: "GET", path: "/ui/app.css", ifNoneMatch: "\"x\", W/\(etag)"))
        #expect(again.status == 304 && again.body.isEmpty)
        let changed = try #require(UIResponder.answer(method: "GET", path: "/ui/app.css", ifNoneMatch: "\"other\""))
        #expect(changed.status == 200)
    }

    @Test func redirectsToTheUIAndRefusesTheRest() throws {
        let root = try #require(UIResponder.answer(method: "GET", path: "/", ifNoneMatch: nil))
        #expect(root.status == 302 && root.header("Location") == "ui/")
        let bare = try #require(UIResponder.answer(method: "GET", path: "/ui", ifNoneMatch: nil))
        #expect(bare.status == 301 && bare.header("Location") == "ui/")
        let missing = try #require(UIResponder.answer(method: "GET", path: "/ui/../api/flux/v1/status", ifNoneMatch: nil))
        #expect(missing.status == 404)
        let post = try #require(UIResponder.answer(method: "POST", path: "/ui/", ifNoneMatch: nil))
        #expect(post.status == 405 && post.header("Allow") == "GET, HEAD")
        // The API is not the UI's: those requests go on to the token check.
        #expect(UIResponder.answer(method: "GET", path: "/api/flux/v1/status", ifNoneMatch: nil) == nil)
        #expect(UIResponder.answer(method: "GET", path: "/uix", ifNoneMatch: nil) == nil)
    }
}

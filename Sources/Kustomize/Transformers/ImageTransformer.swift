import Foundation
import KubernetesModel

/// One `images:` entry: which image to change and how.
struct ImageOverride: Sendable {
    var name: String
    var newName: String?
    var newTag: String?
    var digest: String?

    init(_ object: JSONObject, file: String, field: String) throws {
        guard let name = object["name"]?.stringValue else {
            throw KustomizeError(.invalidField, file: file, field: field, "image entry needs a name")
        }
        self.name = name
        newName = object["newName"]?.stringValue
        newTag = object["newTag"].map(Kustomization.scalarString)
        digest = object["digest"]?.stringValue
    }

    /// Whether the reference names this image: its name without tag and digest is equal.
    func matches(_ image: String) -> Bool {
        Self.split(image).name == name
    }

    /// kustomize's `image.Split`: name, tag and digest of a reference.
    static func split(_ image: String) -> (name: String, tag: String, digest: String) {
        var searchStart = image.startIndex
        if let slash = image.firstIndex(of: "/"), slash > image.startIndex { searchStart = slash }
        let search = image[searchStart...]
        let at = search.firstIndex(of: "@")
        let colon = search.firstIndex(of: ":")
        if at == nil && colon == nil { return (image, "", "") }
        if let at, colon.map({ at < $0 }) ?? true {
            return (String(image[..<at]), "", String(image[image.index(after: at)...]))
        }
        if let at, let colon {
            return (
                String(image[..<colon]), String(image[image.index(after: colon)..<at]),
                String(image[image.index(after: at)...])
            )
        }
        guard let colon else { return (image, "", "") }
        return (String(image[..<colon]), String(image[image.index(after: colon)...]), "")
    }

    func apply(to image: String) -> String {
        guard matches(image) else { return image }
        var (name, tag, digest) = Self.split(image)
        if let newName, !newName.isEmpty { name = newName }
        let newTag = self.newTag ?? ""
        let newDigest = self.digest ?? ""
        if !newTag.isEmpty && !newDigest.isEmpty {
            tag = newTag
            digest = newDigest
        } else if !newTag.isEmpty {
            tag = newTag
            digest = ""
        } else if !newDigest.isEmpty {
            tag = ""
            digest = newDigest
        }
        if !tag.isEmpty { name += ":" + tag }
        if !digest.isEmpty { name += "@" + digest }
        return name
    }
}

enum ImageTransformer {
    /// Updates `image` of every container and init container, at any depth, as kustomize's
    /// image tag transformer does with its default field specs.
    static func apply(_ overrides: [ImageOverride], to resources: inout [Resource], extraSpecs: [FieldSpec] = []) {
        guard !overrides.isEmpty else { return }
        for index in resources.indices {
            walk(&resources[index].object, overrides: overrides)
            let gvk = resources[index].gvk
            // `images` field specs from `configurations`: image strings at other paths.
            for spec in extraSpecs where spec.applies(to: gvk) {
                spec.apply(to: &resources[index].object) { current in
                    guard let image = current?.stringValue else { return current }
                    return .string(overrides.lazy.map { $0.apply(to: image) }.first { $0 != image } ?? image)
                }
            }
        }
    }

    private static func walk(_ node: inout JSONValue, overrides: [ImageOverride]) {
        switch node {
        case .object(var object):
            for key in object.keys {
                guard var child = object[key] else { continue }
                if key == "containers" || key == "initContainers" || key == "ephemeralContainers",
                    var items = child.arrayValue
                {
                    for i in items.indices {
                        if let image = items[i]["image"]?.stringValue {
                            var updated = image
                            for override in overrides {
                                let next = override.apply(to: updated)
                                if next != updated {
                                    updated = next
                                    break
                                }
                            }
                            items[i]["image"] = .string(updated)
                        }
                    }
                    child = .array(items)
                } else {
                    walk(&child, overrides: overrides)
                }
                object[key] = child
            }
            node = .object(object)
        case .array(var items):
            for i in items.indices { walk(&items[i], overrides: overrides) }
            node = .array(items)
        default:
            break
        }
    }
}

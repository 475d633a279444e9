import Foundation
import KubernetesModel

/// One `images:` entry: which image to change and how.
struct ImageOverride: Sendable {
    var name: String
    var newName: String?
    var newTag: String?
    var digest: String?
    var tagSuffix: String?
    /// kustomize's `image.IsImageMatched`: the entry's name is a regular expression, followed
    /// by an optional tag and an optional sha256 digest.
    private let pattern: NSRegularExpression

    init(_ object: JSONObject, file: String, field: String) throws {
        // No name is the empty pattern to kustomize (it matches no real image).
        let name = object["name"]?.stringValue ?? ""
        self.name = name
        newName = object["newName"]?.stringValue
        newTag = object["newTag"].map(Kustomization.scalarString)
        digest = object["digest"]?.stringValue
        tagSuffix = object["tagSuffix"]?.stringValue
        do {
            pattern = try NSRegularExpression(pattern: "^" + name + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$")
        } catch {
            throw KustomizeError(.invalidField, file: file, field: "\(field).name", "image name '\(name)' is not a valid pattern")
        }
    }

    /// Whether the reference names this image.
    func matches(_ image: String) -> Bool {
        pattern.firstMatch(in: image, range: NSRange(image.startIndex..., in: image)) != nil
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

    /// kustomize's `imageTagUpdater`: a new tag or digest replaces both; a tag suffix (only
    /// without them) is appended to the tag and drops the digest.
    func apply(to image: String) -> String {
        guard matches(image) else { return image }
        var (name, tag, digest) = Self.split(image)
        if let newName, !newName.isEmpty { name = newName }
        let newTag = self.newTag ?? ""
        let newDigest = self.digest ?? ""
        let tagSuffix = self.tagSuffix ?? ""
        if !newTag.isEmpty && !newDigest.isEmpty {
            tag = newTag
            digest = newDigest
        } else if !newTag.isEmpty {
            tag = newTag
            digest = ""
        } else if !newDigest.isEmpty {
            tag = ""
            digest = newDigest
        } else if !tagSuffix.isEmpty {
            tag += tagSuffix
            digest = ""
        }
        if !tag.isEmpty { name += ":" + tag }
        if !digest.isEmpty { name += "@" + digest }
        return name
    }
}

enum ImageTransformer {
    /// kustomize's ImageTagTransformer, one per entry in order (an entry sees what the ones
    /// before it wrote): first its legacy filter (the `image` of every element of any
    /// `containers`/`initContainers` list, at any depth, except in CRDs), then its field
    /// specs (`specs`: the builtin `images` table plus `configurations`, or a plugin's own).
    /// Both passes touch pod templates, so a non-idempotent `tagSuffix` lands twice there,
    /// as with kubectl.
    static func apply(_ overrides: [ImageOverride], to resources: inout [Resource], specs: [FieldSpec]) throws {
        for override in overrides {
            for index in resources.indices {
                let gvk = resources[index].gvk
                if gvk.kind != "CustomResourceDefinition" {
                    walk(&resources[index].object, override: override)
                }
                for var spec in specs where spec.applies(to: gvk) {
                    // The image filter sets no creation kind: `create: true` creates nothing.
                    spec.create = false
                    try resources[index].apply(spec) { current in
                        guard let image = current?.stringValue else { return current }
                        return .string(override.apply(to: image))
                    }
                }
            }
        }
    }

    /// kustomize's `findFieldsFilter`: every map's values first, then its
    /// `containers`/`initContainers` lists.
    private static func walk(_ node: inout JSONValue, override: ImageOverride) {
        switch node {
        case .object(var object):
            for key in object.keys {
                guard var child = object[key] else { continue }
                walk(&child, override: override)
                if key == "containers" || key == "initContainers", var items = child.arrayValue {
                    for i in items.indices {
                        if let image = items[i]["image"]?.stringValue {
                            items[i]["image"] = .string(override.apply(to: image))
                        }
                    }
                    child = .array(items)
                }
                object[key] = child
            }
            node = .object(object)
        case .array(var items):
            for i in items.indices { walk(&items[i], override: override) }
            node = .array(items)
        default:
            break
        }
    }
}

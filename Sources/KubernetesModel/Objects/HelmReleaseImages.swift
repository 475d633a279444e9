/// The containers Flux v1 finds in a HelmRelease (`helm.fluxcd.io/v1`, and the older
/// `flux.weave.works/v1beta1` and `helm.integrations.flux.weave.works/v1alpha2`
/// FluxHelmRelease), and how it writes a new image into them
/// (`pkg/cluster/kubernetes/resource/helmrelease.go`). A HelmRelease has no pod template;
/// its images live in `spec.values`:
///
/// - `values.image` (a string, with optional `values.registry` / `values.tag` strings, or a
///   mapping with `repository` and optional `registry` / `tag`) is the container `chart-image`;
/// - every top-level mapping of `values` holding `image` the same way is a container named by
///   its key (`values.db.image` → `db`);
/// - annotations `repository.fluxcd.io/<c>`, `tag.fluxcd.io/<c>`, `registry.fluxcd.io/<c>`
///   name dotted paths under `spec.values` holding the parts of container `<c>` (a repository
///   path is required); they replace what was found for the same name.
///
/// Only string values count (`tag: 1.0` reads as a number and is not a tag, as in Flux v1).
/// Containers are listed `chart-image` first, then by name.
public enum HelmReleaseImages {
    /// The container name of `values.image`.
    public static let releaseContainerName = "chart-image"
    public static let registryPrefix = "registry.fluxcd.io/"
    public static let repositoryPrefix = "repository.fluxcd.io/"
    public static let tagPrefix = "tag.fluxcd.io/"
    /// The API groups whose `HelmRelease` kind Flux v1 treated as a workload.
    public static let groups: Set<String> = ["helm.fluxcd.io", "flux.weave.works"]
    /// The group of the oldest form, kind `FluxHelmRelease`.
    public static let fluxHelmReleaseGroup = "helm.integrations.flux.weave.works"

    /// Whether an object is a Flux v1 HelmRelease (a Flux v2 `helm.toolkit.fluxcd.io`
    /// HelmRelease is not: its images are not Flux v1's to update).
    public static func isHelmRelease(apiVersion: String?, kind: String?) -> Bool {
        guard let apiVersion, let kind else { return false }
        let group = GroupVersionKind(apiVersion: apiVersion, kind: kind).group
        switch kind {
        case "HelmRelease": return groups.contains(group)
        case "FluxHelmRelease": return group == fluxHelmReleaseGroup
        default: return false
        }
    }

    /// One container of a HelmRelease: its image and the fields that hold its parts, as paths
    /// from the object's root.
    public struct Container: Sendable, Hashable {
        public var name: String
        public var image: FluxImageRef
        public var registryPath: [String]?
        /// The field holding the image name (`image`, `repository`, or a mapped path).
        public var repositoryPath: [String]
        public var tagPath: [String]?

        /// The values that make the container run `reference` (Flux v1's setters): with
        /// separate registry and tag fields each part goes in its own; a registry field alone
        /// takes the domain and the name field `image:tag`; a tag field alone takes the tag and
        /// the name field `domain/image`; otherwise the name field takes the whole reference.
        public func assignments(for reference: FluxImageRef) -> [(path: [String], value: String)] {
            switch (registryPath, tagPath) {
            case (let registry?, let tag?):
                return [(registry, reference.domain), (repositoryPath, reference.image), (tag, reference.tag)]
            case (let registry?, nil):
                return [(registry, reference.domain), (repositoryPath, reference.image + ":" + reference.tag)]
            case (nil, let tag?):
                return [(repositoryPath, reference.name), (tag, reference.tag)]
            case (nil, nil):
                return [(repositoryPath, reference.description)]
            }
        }
    }

    /// The containers of a HelmRelease object (empty for anything else).
    public static func containers(of object: JSONValue) -> [Container] {
        guard isHelmRelease(apiVersion: object.apiVersion, kind: object.kind) else { return [] }
        let base = ["spec", "values"]
        guard let values = object[path: base]?.objectValue else {
            return mappedContainers(object: object, base: base).sorted(by: order)
        }
        var found: [String: Container] = [:]
        if let container = container(in: values, at: base, name: releaseContainerName) {
            found[releaseContainerName] = container
        }
        for (key, value) in values {
            guard let mapping = value.objectValue, let container = container(in: mapping, at: base + [key], name: key)
            else { continue }
            found[key] = container
        }
        for container in mappedContainers(object: object, base: base) { found[container.name] = container }
        return found.values.sorted(by: order)
    }

    private static func order(_ lhs: Container, _ rhs: Container) -> Bool {
        if lhs.name == releaseContainerName { return rhs.name != releaseContainerName }
        if rhs.name == releaseContainerName { return false }
        return Array(lhs.name.utf8).lexicographicallyPrecedes(rhs.name.utf8)
    }

    /// `image` of a mapping: a string (with `registry` / `tag` beside it) or a mapping with
    /// `repository` (and `registry` / `tag` inside it).
    private static func container(in mapping: JSONObject, at path: [String], name: String) -> Container? {
        switch mapping["image"] {
        case .string(let text)?:
            return parts(in: mapping, at: path, nameKey: "image", text: text, name: name)
        case .object(let image)?:
            guard case .string(let text)? = image["repository"] else { return nil }
            return parts(in: image, at: path + ["image"], nameKey: "repository", text: text, name: name)
        default:
            return nil
        }
    }

    /// The image of `registry/` + name + `:tag` as Flux v1 composes and parses it.
    private static func parts(in mapping: JSONObject, at path: [String], nameKey: String, text: String, name: String)
        -> Container?
    {
        var full = text
        var registryPath: [String]?
        var tagPath: [String]?
        if case .string(let registry)? = mapping["registry"] {
            full = registry + "/" + full
            registryPath = path + ["registry"]
        }
        if case .string(let tag)? = mapping["tag"] {
            full += ":" + tag
            tagPath = path + ["tag"]
        }
        guard let reference = FluxImageRef(parsing: full) else { return nil }
        return Container(
            name: name, image: reference, registryPath: registryPath, repositoryPath: path + [nameKey], tagPath: tagPath)
    }

    /// Containers mapped by `repository.fluxcd.io/`, `tag.fluxcd.io/`, `registry.fluxcd.io/`.
    private static func mappedContainers(object: JSONValue, base: [String]) -> [Container] {
        var maps: [String: (registry: String?, repository: String?, tag: String?)] = [:]
        for (key, value) in object.annotations {
            for (prefix, part) in [(registryPrefix, 0), (repositoryPrefix, 1), (tagPrefix, 2)] where key.hasPrefix(prefix) {
                let name = String(key.dropFirst(prefix.count))
                var entry = maps[name] ?? (nil, nil, nil)
                switch part {
                case 0: entry.registry = value
                case 1: entry.repository = value
                default: entry.tag = value
                }
                maps[name] = entry
            }
        }
        var result: [Container] = []
        for (name, map) in maps {
            guard let repositoryField = map.repository, !repositoryField.isEmpty else { continue }
            func path(_ dotted: String?) -> [String]? {
                guard let dotted, !dotted.isEmpty else { return nil }
                return base + dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            }
            func string(_ path: [String]?) -> String? {
                guard let path, case .string(let text)? = object[path: path] else { return nil }
                return text
            }
            let repositoryPath = base + repositoryField.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard let repository = string(repositoryPath) else { continue }
            let registryPath = path(map.registry)
            let tagPath = path(map.tag)
            let text: String?
            switch (registryPath, tagPath) {
            case (.some, .some):
                text = string(registryPath).flatMap { registry in string(tagPath).map { "\(registry)/\(repository):\($0)" } }
            case (.some, nil):
                text = string(registryPath).map { "\($0)/\(repository)" }
            case (nil, .some):
                text = string(tagPath).map { "\(repository):\($0)" }
            case (nil, nil):
                text = repository
            }
            guard let text, let reference = FluxImageRef(parsing: text) else { continue }
            result.append(
                Container(
                    name: name, image: reference, registryPath: registryPath, repositoryPath: repositoryPath, tagPath: tagPath))
        }
        return result
    }
}

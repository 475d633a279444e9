import KubernetesModel

/// A workload (Deployment, StatefulSet, DaemonSet, CronJob, Job) found in a YAML file, with
/// the values fluxctl and image automation read and edit.
public struct WorkloadManifest: Sendable, Hashable {
    /// The kinds whose pod templates hold containers, and the path to the pod spec in each.
    public static var podSpecPaths: [String: [String]] { WorkloadID.podSpecPaths }

    public var apiVersion: String?
    public var kind: String
    public var name: String
    /// `metadata.namespace` as written; `nil` when absent (the caller applies its default).
    public var namespace: String?
    /// `metadata.annotations` whose values are scalars (written as strings), both prefixes.
    public var annotations: [String: String]
    /// Containers first, then initContainers, in file order.
    public var containers: [ContainerRef]
    /// 1-based line of the workload's first node in the file.
    public var line: Int
    /// Index of the document among the file's non-empty documents.
    public var documentIndex: Int
    /// Index in the document's `items` when the document is a `kind: List`.
    public var listIndex: Int?

    public init(
        apiVersion: String?, kind: String, name: String, namespace: String?, annotations: [String: String],
        containers: [ContainerRef], line: Int, documentIndex: Int, listIndex: Int?
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.annotations = annotations
        self.containers = containers
        self.line = line
        self.documentIndex = documentIndex
        self.listIndex = listIndex
    }

    /// The value of a policy annotation (`automated`, `locked`, `tag.web`), read under the
    /// `fluxcd.io/` prefix first and the old `flux.weave.works/` prefix second.
    public func policy(_ name: String) -> String? {
        annotations[PolicyAnnotation.prefix + name] ?? annotations[PolicyAnnotation.alternatePrefix + name]
    }

    /// The Flux workload ID, `namespace:kind/name` with the kind in lower case.
    public func id(defaultNamespace: String) -> String {
        "\(namespace ?? defaultNamespace):\(kind.lowercased())/\(name)"
    }

    /// The container with that name (containers, then initContainers).
    public func container(named name: String) -> ContainerRef? {
        containers.first { $0.name == name }
    }
}

/// A container of a workload's pod template.
public struct ContainerRef: Sendable, Hashable {
    public var name: String
    /// The `image` value; `nil` when the container has none.
    public var image: String?
    /// Whether it is listed under `initContainers`.
    public var isInit: Bool
    /// UTF-8 byte offsets of the image scalar in the text, quotes included; `nil` when the
    /// value cannot be edited in place (a block or multi-line scalar) or is missing.
    public var imageRange: Range<Int>?
    /// 1-based line of the container's image (or of the container when it has no image).
    public var line: Int

    public init(name: String, image: String?, isInit: Bool, imageRange: Range<Int>?, line: Int) {
        self.name = name
        self.image = image
        self.isInit = isInit
        self.imageRange = imageRange
        self.line = line
    }
}

/// Which workload an edit targets: Flux's `namespace:kind/name`.
public struct WorkloadSelector: Sendable, Hashable, CustomStringConvertible {
    /// `nil` matches any namespace.
    public var namespace: String?
    /// Compared case-insensitively (`deployment` matches `Deployment`).
    public var kind: String
    public var name: String

    public init(namespace: String?, kind: String, name: String) {
        self.namespace = namespace
        self.kind = kind
        self.name = name
    }

    /// Parses a Flux workload ID `namespace:kind/name` (or `kind/name`, any namespace).
    public init?(id: String) {
        let namespace: String?
        var rest = Substring(id)
        if let colon = rest.firstIndex(of: ":") {
            namespace = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        } else {
            namespace = nil
        }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, namespace?.isEmpty != true else { return nil }
        self.init(namespace: namespace, kind: String(parts[0]), name: String(parts[1]))
    }

    /// Whether a manifest is this workload; a manifest without a namespace is taken to be in
    /// `defaultNamespace`.
    public func matches(_ workload: WorkloadManifest, defaultNamespace: String) -> Bool {
        matches(kind: workload.kind, name: workload.name, namespace: workload.namespace, defaultNamespace: defaultNamespace)
    }

    func matches(kind: String, name: String, namespace: String?, defaultNamespace: String) -> Bool {
        guard kind.lowercased() == self.kind.lowercased(), name == self.name else { return false }
        guard let selected = self.namespace else { return true }
        return (namespace ?? defaultNamespace) == selected
    }

    public var description: String { "\(namespace ?? "*"):\(kind.lowercased())/\(name)" }
}

/// Names of Flux's policy annotations.
public enum PolicyAnnotation {
    public static let prefix = "fluxcd.io/"
    /// The prefix Flux used before `fluxcd.io/`, still read and updated in place.
    public static let alternatePrefix = "flux.weave.works/"

    public static let automated = prefix + "automated"
    public static let locked = prefix + "locked"
    public static let lockedUser = prefix + "locked_user"
    public static let lockedMessage = prefix + "locked_msg"
    public static let ignore = prefix + "ignore"

    /// `fluxcd.io/tag.<container>`, the tag filter of one container.
    public static func tag(_ container: String) -> String { prefix + "tag." + container }

    /// The same annotation under both prefixes (the key itself first), or just the key when it
    /// carries neither.
    static func aliases(of key: String) -> [String] {
        if key.hasPrefix(prefix) { return [key, alternatePrefix + key.dropFirst(prefix.count)] }
        if key.hasPrefix(alternatePrefix) { return [key, prefix + key.dropFirst(alternatePrefix.count)] }
        return [key]
    }
}

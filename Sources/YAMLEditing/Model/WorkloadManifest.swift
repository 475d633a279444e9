import KubernetesModel

/// A workload (Deployment, StatefulSet, DaemonSet, CronJob, Job, or a Flux v1 HelmRelease)
/// found in a YAML file, with the values fluxctl and image automation read and edit. A
/// HelmRelease's containers are those `HelmReleaseImages` finds in its values.
public struct WorkloadManifest: Sendable, Hashable {
    /// The kinds whose pod templates hold containers, and the path to the pod spec in each.
    public static var podSpecPaths: [String: [String]] { WorkloadID.podSpecPaths }

    public var apiVersion: String?
    public var kind: String
    public var name: String
    /// `metadata.namespace` as written; `nil` when absent (the caller applies its default).
    public var namespace: String?
    /// `metadata.annotations` whose values are scalars (written as strings); `ImagePolicy`'s
    /// `WorkloadPolicies(annotations:)` reads the policies among them.
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

    /// The Flux workload ID (`namespace:kind/name`); a manifest without a namespace is in
    /// `defaultNamespace`.
    public func id(defaultNamespace: String) -> WorkloadID {
        WorkloadID(namespace: namespace ?? defaultNamespace, kind: kind, name: name)
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

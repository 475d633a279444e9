import KubernetesModel
import Registry

/// A Flux workload ID, `namespace:kind/name` with the kind in lower case
/// (`default:deployment/helloworld`), as fluxctl and the API write it.
public struct WorkloadID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var namespace: String
    /// Lower case (`deployment`, `cronjob`).
    public var kind: String
    public var name: String

    public init(namespace: String, kind: String, name: String) {
        self.namespace = namespace
        self.kind = kind.lowercased()
        self.name = name
    }

    /// Parses `namespace:kind/name`; `nil` when a part is missing.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let namespace = text[..<colon]
        let parts = text[text.index(after: colon)...].split(separator: "/", omittingEmptySubsequences: false)
        guard !namespace.isEmpty, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(namespace: String(namespace), kind: String(parts[0]), name: String(parts[1]))
    }

    public var description: String { "\(namespace):\(kind)/\(name)" }

    public static func < (lhs: WorkloadID, rhs: WorkloadID) -> Bool {
        (lhs.namespace, lhs.kind, lhs.name) < (rhs.namespace, rhs.kind, rhs.name)
    }
}

/// One container of a workload's pod template.
public struct WorkloadContainer: Sendable, Hashable {
    public var name: String
    /// The `image` value as written in the cluster (`nginx:1.25`, `127.0.0.1:5000/app:v1`).
    public var image: String
    /// The parsed image; `nil` when `image` is not a valid reference (see `Workload.problems`).
    public var reference: ImageReference?
    /// Whether it is listed under `initContainers`.
    public var isInit: Bool

    public init(name: String, image: String, reference: ImageReference?, isInit: Bool) {
        self.name = name
        self.image = image
        self.reference = reference
        self.isInit = isInit
    }
}

/// A workload running in the cluster, with what image scanning and automation need: its
/// containers' images, its policy annotations, and the registry credentials its pods may use.
public struct Workload: Sendable, Hashable, Identifiable {
    public var id: WorkloadID
    /// Containers first, then initContainers, in the order of the pod template.
    public var containers: [WorkloadContainer]
    /// The `fluxcd.io/` (or `flux.weave.works/`) policy annotations of the workload.
    public var policies: WorkloadPolicies
    /// The pod template's service account (`default` when it names none).
    public var serviceAccountName: String
    /// Pull secret names: the service account's, then the pod template's.
    public var imagePullSecrets: [String]
    /// `--docker-config`, overlaid with the service account's pull secrets, overlaid with the
    /// pod template's (later sources win for the same registry host, as in Flux v1).
    public var keychain: Keychain
    /// Why some credentials or images could not be used (a missing Secret, a Secret of the
    /// wrong type, an invalid image reference). The workload is still scanned with the rest.
    public var problems: [String]

    public init(
        id: WorkloadID, containers: [WorkloadContainer], policies: WorkloadPolicies, serviceAccountName: String,
        imagePullSecrets: [String], keychain: Keychain, problems: [String] = []
    ) {
        self.id = id
        self.containers = containers
        self.policies = policies
        self.serviceAccountName = serviceAccountName
        self.imagePullSecrets = imagePullSecrets
        self.keychain = keychain
        self.problems = problems
    }

    /// The container with that name (containers, then initContainers).
    public func container(named name: String) -> WorkloadContainer? {
        containers.first { $0.name == name }
    }
}

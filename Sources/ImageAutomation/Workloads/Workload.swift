import ImagePolicy
import KubernetesModel
import Registry

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
    /// The workload's Flux policies (`ImagePolicy` reads every prefix).
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

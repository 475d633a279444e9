import KubernetesModel

/// What a workload's pod template says about images and credentials, read from the object as
/// the API server returns it. Pure: no I/O.
struct PodTemplate: Sendable, Hashable {
    var containers: [WorkloadContainer]
    var serviceAccountName: String
    var imagePullSecrets: [String]
    var problems: [String]

    /// Reads the pod template of `object` (one of `WorkloadID.podSpecPaths`' kinds; others have
    /// none). A HelmRelease's containers are those its values name (`HelmReleaseImages`); its
    /// pods run as the namespace's `default` service account as far as credentials go.
    init(of object: JSONValue) {
        let kind = object.kind ?? ""
        let spec = WorkloadID.podSpecPaths[kind].flatMap { object[path: $0] }
        var containers: [WorkloadContainer] = []
        var problems: [String] = []
        for helm in HelmReleaseImages.containers(of: object) {
            let image = helm.image.description
            var reference: ImageReference?
            do {
                reference = try ImageReference(parsing: image)
            } catch {
                problems.append("container \(helm.name): \(error.description)")
            }
            containers.append(WorkloadContainer(name: helm.name, image: image, reference: reference, isInit: false))
        }
        for (field, isInit) in [("containers", false), ("initContainers", true)] {
            for container in spec?[field]?.arrayValue ?? [] {
                guard let name = container["name"]?.stringValue, let image = container["image"]?.stringValue else {
                    continue
                }
                var reference: ImageReference?
                do {
                    reference = try ImageReference(parsing: image)
                } catch {
                    problems.append("container \(name): \(error.description)")
                }
                containers.append(WorkloadContainer(name: name, image: image, reference: reference, isInit: isInit))
            }
        }
        self.containers = containers
        self.problems = problems
        let account = spec?["serviceAccountName"]?.stringValue ?? spec?["serviceAccount"]?.stringValue ?? ""
        serviceAccountName = account.isEmpty ? "default" : account
        imagePullSecrets = (spec?["imagePullSecrets"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            .filter { !$0.isEmpty }
    }
}

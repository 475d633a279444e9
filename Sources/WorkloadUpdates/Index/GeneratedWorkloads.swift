import KubernetesModel
import Manifests
import YAMLEditing

/// Turns the objects a `.flux.yaml` generates into workload definitions: the same values
/// (kind, name, namespace, policy annotations, containers and images) the YAML reader finds
/// in a file, so release planning treats both alike.
enum GeneratedWorkloads {
    static func definitions(in objects: [JSONValue], config: GenerationConfig, defaultNamespace: String)
        -> [WorkloadDefinition]
    {
        objects.compactMap { object in
            guard let manifest = manifest(of: object), WorkloadID.kinds.contains(manifest.kind.lowercased()) else {
                return nil
            }
            let id = WorkloadID(namespace: manifest.namespace ?? defaultNamespace, kind: manifest.kind, name: manifest.name)
            return WorkloadDefinition(id: id, origin: .generated(config), manifest: manifest)
        }
    }

    /// The workload values of one generated object; `nil` for kinds that are not workloads
    /// (a HelmRelease is one, its containers in its values, as in a file).
    static func manifest(of object: JSONValue) -> WorkloadManifest? {
        guard let kind = object.kind, let name = object.name else { return nil }
        let podSpecPath: [String]
        if let path = WorkloadManifest.podSpecPaths[kind] {
            podSpecPath = path
        } else if HelmReleaseImages.isHelmRelease(apiVersion: object.apiVersion, kind: kind) {
            podSpecPath = []
        } else {
            return nil
        }
        var annotations: [String: String] = [:]
        for (key, value) in object[path: ["metadata", "annotations"]]?.objectValue ?? JSONObject() {
            if let text = scalarText(value) { annotations[key] = text }
        }
        var containers = HelmReleaseImages.containers(of: object).map {
            ContainerRef(name: $0.name, image: $0.image.description, isInit: false, imageRange: nil, line: 0)
        }
        for (field, isInit) in [("containers", false), ("initContainers", true)] where !podSpecPath.isEmpty {
            for container in object[path: podSpecPath + [field]]?.arrayValue ?? [] {
                guard let containerName = container["name"]?.stringValue else { continue }
                containers.append(
                    ContainerRef(
                        name: containerName, image: container["image"].flatMap(scalarText), isInit: isInit,
                        imageRange: nil, line: 0))
            }
        }
        return WorkloadManifest(
            apiVersion: object.apiVersion, kind: kind, name: name, namespace: object.namespace,
            annotations: annotations, containers: containers, line: 0, documentIndex: 0, listIndex: nil)
    }

    /// A scalar as YAML would write it unquoted (`true`, `3`); `nil` for null, lists and maps.
    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .double(let number): String(number)
        case .null, .array, .object: nil
        }
    }
}

import Foundation
import KubernetesModel

/// `buildMetadata` of the top kustomization: `originAnnotations` (where each object came
/// from), `transformerAnnotations` (which builtin transformers ran over it) and
/// `managedByLabel` (`app.kubernetes.io/managed-by: kustomize-v5.8.1`), written exactly as
/// kustomize v5 writes them. Paths are relative to the top kustomization's directory.
struct BuildMetadata {
    static let originAnnotation = "config.kubernetes.io/origin"
    static let transformationsAnnotation = "alpha.config.kubernetes.io/transformations"
    static let managedByLabel = "app.kubernetes.io/managed-by"
    /// The kustomize version kubectl embeds (what `managedByLabel` names).
    static let kustomizeVersion = "v5.8.1"
    static let known: Set<String> = ["originAnnotations", "transformerAnnotations", "managedByLabel"]

    var origins = false
    var transformers = false
    var managedBy = false

    init(_ kustomization: Kustomization) throws {
        // Unknown options are ignored, as kustomize ignores them.
        for option in try kustomization.stringList("buildMetadata") {
            switch option {
            case "originAnnotations": origins = true
            case "transformerAnnotations": transformers = true
            case "managedByLabel": managedBy = true
            default: continue
            }
        }
    }

    /// `path` relative to `root` (both absolute), with `..` where needed.
    static func relative(_ path: String, to root: String) -> String {
        let target = path.split(separator: "/")
        let base = root.split(separator: "/")
        var common = 0
        while common < target.count, common < base.count, target[common] == base[common] { common += 1 }
        let up = Array(repeating: "..", count: base.count - common)
        return (up + target[common...].map(String.init)).joined(separator: "/")
    }

    /// One entry of the transformations annotation. `name` and `namespace` are the
    /// `metadata` of a `transformers:` entry (kustomize's `configuredBy` resource identifier).
    static func transformation(
        kind: String, kustomization: String, root: String, apiVersion: String = "builtin", name: String? = nil,
        namespace: String? = nil
    ) -> String {
        "- configuredIn: \(relative(kustomization, to: root))\n  configuredBy:\n"
            + configuredBy(apiVersion: apiVersion, kind: kind, name: name, namespace: namespace, indent: "    ")
    }

    /// Appends `entry` (one or more entries of `transformation`) to the transformations
    /// annotation of every object: kustomize notes each transformer on every object of the
    /// kustomization, changed or not.
    static func appendTransformation(_ entry: String, to resources: inout [Resource]) {
        for index in resources.indices {
            let existing = resources[index].object["metadata"]?["annotations"]?[transformationsAnnotation]?.stringValue ?? ""
            resources[index].object.set(path: ["metadata", "annotations", transformationsAnnotation], to: .string(existing + entry))
        }
    }

    /// kustomize's `configuredBy` (a ResourceIdentifier): apiVersion, kind, name and
    /// namespace, each only when set.
    static func configuredBy(apiVersion: String, kind: String, name: String?, namespace: String?, indent: String) -> String {
        var text = ""
        for (key, value) in [("apiVersion", apiVersion), ("kind", kind), ("name", name ?? ""), ("namespace", namespace ?? "")]
        where !value.isEmpty {
            text += "\(indent)\(key): \(value)\n"
        }
        return text
    }

    /// The origin annotation of a resource read from `path` or generated in `kustomization`
    /// (or in the file of a `generators:` entry).
    static func origin(of resource: Resource, root: String) -> String {
        if let generator = resource.generatedBy {
            return "configuredIn: \(relative(resource.origin, to: root))\nconfiguredBy:\n"
                + configuredBy(
                    apiVersion: "builtin", kind: generator, name: resource.generatorName,
                    namespace: resource.generatorNamespace, indent: "  ")
        }
        return "path: \(resource.origin.hasPrefix("/") ? relative(resource.origin, to: root) : resource.origin)\n"
    }

    /// Sets the origin annotation (kept on the object during the build, as kustomize does)
    /// on resources that have none yet.
    static func setOrigin(_ resources: inout [Resource], from start: Int = 0, root: String?) {
        guard let root else { return }
        for index in resources.indices where index >= start {
            guard resources[index].object["metadata"]?["annotations"]?[originAnnotation] == nil else { continue }
            let text = origin(of: resources[index], root: root)
            resources[index].object.set(path: ["metadata", "annotations", originAnnotation], to: .string(text))
        }
    }

    /// `managedByLabel`, at the end of the build.
    func finish(_ resources: inout [Resource]) {
        guard managedBy else { return }
        for index in resources.indices {
            resources[index].object.set(
                path: ["metadata", "labels", Self.managedByLabel], to: .string("kustomize-\(Self.kustomizeVersion)"))
        }
    }
}

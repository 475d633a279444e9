import Foundation
import KubernetesModel
import Kustomize

/// One installed object and the file `fluxctl install --output-dir` writes it to.
public struct InstallManifest: Sendable {
    /// `NN-flux-<kind>.yaml`: one object per file as in Flux v1 (`flux-deployment.yaml`, …),
    /// numbered so that `kubectl apply -f DIR`, which applies files in name order, creates
    /// the Namespace before anything that lives in it.
    public var fileName: String
    public var object: JSONValue

    /// The object as a YAML document, in kubectl/kustomize style.
    public var yaml: String { Kustomizer.render([object]) }
}

/// The manifests that install fluxd in a cluster (`fluxctl install`): Namespace,
/// ServiceAccount, RBAC (see `InstallObjects+RBAC.swift` for why these grants), the empty
/// deploy-key Secret, the Deployment and the Service.
public enum InstallManifests {
    /// Validates the parameters and builds the objects, in the order they must be applied.
    public static func render(_ parameters: InstallParameters) throws(InstallError) -> [InstallManifest] {
        let validated = try parameters.validated()
        let objects: [JSONValue] = [
            InstallObjects.namespace(validated),
            InstallObjects.serviceAccount(validated),
            InstallObjects.clusterRole(validated),
            InstallObjects.clusterRoleBinding(validated),
            InstallObjects.role(validated),
            InstallObjects.roleBinding(validated),
            InstallObjects.deployKeySecret(validated),
            InstallObjects.deployment(validated),
            InstallObjects.service(validated),
        ]
        return objects.enumerated().map { index, object in
            let kind = (object.kind ?? "object").lowercased()
            let number = index < 10 ? "0\(index)" : "\(index)"
            return InstallManifest(fileName: "\(number)-flux-\(kind).yaml", object: object)
        }
    }

    /// All manifests as one YAML stream (documents separated by `---`), for `kubectl apply -f -`.
    public static func yamlStream(_ manifests: [InstallManifest]) -> String {
        Kustomizer.render(manifests.map(\.object))
    }

    /// Writes one file per manifest into `directory` (created if missing, files replaced).
    /// Returns the paths written, in apply order.
    @discardableResult
    public static func write(_ manifests: [InstallManifest], toDirectory directory: String) throws(InstallError) -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw InstallError(.writeFailed, path: directory, "cannot create the output directory", underlying: error)
        }
        var paths: [String] = []
        for manifest in manifests {
            let path = (directory as NSString).appendingPathComponent(manifest.fileName)
            do {
                try Data(manifest.yaml.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw InstallError(.writeFailed, path: path, "cannot write the manifest", underlying: error)
            }
            paths.append(path)
        }
        return paths
    }
}

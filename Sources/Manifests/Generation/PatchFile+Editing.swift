import ImagePolicy
import KubernetesModel
import Kustomize
import YAMLEditing

/// Edits of a patch file on behalf of a release or a policy change. Only the document of
/// the targeted object changes: a value already in it is replaced byte for byte (YAMLEditing);
/// a value it lacks is added by printing that one document again; an object without a patch
/// gets a new document at the end. Every other byte of the file stays.
extension PatchFile {
    /// One change to make to an object's patch.
    enum Change {
        /// Set the image of a container (in `containers`, or `initContainers` when `isInit`;
        /// for a HelmRelease, in the values fields that hold its parts, as Flux v1 set them).
        case image(String, container: String, isInit: Bool)
        /// Set an annotation; `.null` makes the patch delete it from the generated object.
        case annotation(String, JSONValue)
        /// Drop an annotation from the patch (under both Flux prefixes).
        case removeAnnotation(String)
    }

    /// Applies `change` to the patch of `target` (a generated object).
    mutating func edit(_ change: Change, target: JSONValue) throws(ManifestGenerationError) {
        guard let identity = Self.identity(of: target) else {
            throw ManifestGenerationError(.invalidPatch, file: path, message: "the object to patch has no kind or name")
        }
        guard let index = documentIndex(for: identity), let value = documents[index].value else {
            if case .removeAnnotation = change { return }
            var patch: JSONValue = ["apiVersion": target["apiVersion"] ?? .null, "kind": target["kind"] ?? .null]
            var metadata: JSONValue = ["name": target["metadata"]?["name"] ?? .null]
            if let namespace = target.namespace { metadata["namespace"] = .string(namespace) }
            patch["metadata"] = metadata
            Self.apply(change, to: &patch, target: target)
            if let last = documents.indices.last, !documents[last].text.hasSuffix("\n") {
                documents[last].text += "\n"
            }
            let document = (documents.isEmpty ? "" : "---\n") + Kustomizer.render([patch])
            documents.append(Document(text: document, value: patch, line: 0))
            return
        }
        var patch = value
        Self.apply(change, to: &patch, target: target)
        guard patch != value else { return }
        if let edited = try editInPlace(change, document: documents[index].text, value: value) {
            documents[index].text = edited
            return
        }
        let original = documents[index].text
        let marker = original.hasPrefix("---") ? String(original.prefix { $0 != "\n" }) + "\n" : ""
        documents[index].text = marker + Kustomizer.render([patch])
        documents[index].value = patch
    }

    /// The byte-preserving edit of one document, or `nil` when the document does not hold
    /// the value to replace (then the document is printed again).
    private func editInPlace(_ change: Change, document: String, value: JSONValue) throws(ManifestGenerationError)
        -> String?
    {
        guard let kind = value.kind, let name = value.name else { return nil }
        // A patch document matches its object by kind and name; its namespace (or none) is its own.
        let selector = WorkloadID(namespace: value.namespace ?? "default", kind: kind, name: name)
        do throws(YAMLEditError) {
            switch change {
            case .image(let image, let container, _):
                guard
                    WorkloadManifest.podSpecPaths[kind] != nil || HelmReleaseImages.isHelmRelease(apiVersion: value.apiVersion, kind: kind)
                else { return nil }
                return try YAMLEditor.setImage(image, container: container, workload: selector, in: document, file: path)
            case .annotation(let key, .string(let text)):
                guard WorkloadManifest.podSpecPaths[kind] != nil else { return nil }
                return try YAMLEditor.setAnnotations([.set(key, text)], workload: selector, in: document, file: path)
            case .annotation:
                return nil
            case .removeAnnotation(let key):
                guard WorkloadManifest.podSpecPaths[kind] != nil else { return nil }
                return try YAMLEditor.setAnnotations([.remove(key)], workload: selector, in: document, file: path)
            }
        } catch {
            switch error.code {
            case .containerNotFound, .workloadNotFound, .unsupportedLayout: return nil
            default:
                throw ManifestGenerationError(.invalidPatch, file: path, line: error.line, message: error.message)
            }
        }
    }

    /// The change on a parsed patch (for documents printed again and new ones); `target` is
    /// the generated object the patch applies to.
    static func apply(_ change: Change, to patch: inout JSONValue, target: JSONValue) {
        switch change {
        case .image(let image, let container, _) where HelmReleaseImages.isHelmRelease(apiVersion: target.apiVersion, kind: target.kind):
            // The fields of the generated HelmRelease's values that hold the container's image.
            guard let reference = FluxImageRef(parsing: image),
                let found = HelmReleaseImages.containers(of: target).first(where: { $0.name == container })
            else { return }
            for (path, value) in found.assignments(for: reference) { patch.set(path: path, to: .string(value)) }
        case .image(let image, let container, let isInit):
            let podSpec = WorkloadManifest.podSpecPaths[patch.kind ?? ""] ?? ["spec", "template", "spec"]
            let listPath = podSpec + [isInit ? "initContainers" : "containers"]
            var list = patch[path: listPath]?.arrayValue ?? []
            if let index = list.firstIndex(where: { $0["name"]?.stringValue == container }) {
                list[index]["image"] = .string(image)
            } else {
                list.append(["name": .string(container), "image": .string(image)])
            }
            patch.set(path: listPath, to: .array(list))
        case .annotation(let key, let value):
            var annotations = patch[path: ["metadata", "annotations"]]?.objectValue ?? JSONObject()
            // A value replaces the one under either prefix; `null` goes on exactly this key.
            let alias = value.isNull ? key : PolicyKey.aliases(of: key).first { annotations[$0] != nil } ?? key
            annotations[alias] = value
            patch.set(path: ["metadata", "annotations"], to: .object(annotations))
        case .removeAnnotation(let key):
            guard var annotations = patch[path: ["metadata", "annotations"]]?.objectValue else { return }
            for alias in PolicyKey.aliases(of: key) { annotations.removeValue(forKey: alias) }
            if annotations.isEmpty {
                var metadata = patch["metadata"]?.objectValue ?? JSONObject()
                metadata.removeValue(forKey: "annotations")
                patch["metadata"] = .object(metadata)
            } else {
                patch.set(path: ["metadata", "annotations"], to: .object(annotations))
            }
        }
    }
}

/// Flux policy names and their annotation keys, as `ImagePolicy` defines them.
enum PolicyKey {
    /// `automated` or `fluxcd.io/automated` (any Flux prefix) → `automated`.
    static func policyName(_ key: String) -> String {
        PolicyAnnotation.policy(forKey: key)?.name ?? key
    }

    /// `fluxcd.io/<policy>`, the key new annotations are written under.
    static func annotation(_ key: String) -> String {
        PolicyName(policyName(key)).map(PolicyAnnotation.key(for:)) ?? PolicyAnnotation.prefix + policyName(key)
    }

    /// The annotation under every key Flux reads it from, `fluxcd.io/` first.
    static func aliases(of key: String) -> [String] {
        PolicyAnnotation.aliases(ofKey: annotation(key))
    }
}

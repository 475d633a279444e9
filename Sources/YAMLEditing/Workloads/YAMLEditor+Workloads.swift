import KubernetesModel

/// Reads and edits Kubernetes workload manifests as text, changing only the bytes of the
/// targeted values: comments, key order, quoting, indentation, blank lines, line endings and
/// every other document stay as they were. Every function is pure; the caller reads and writes
/// the files and passes the file name for messages.
public enum YAMLEditor {}

/// A workload found in the parsed text, with its node for editing and its parsed value.
struct LocatedWorkload {
    var manifest: WorkloadManifest
    var node: SourceNode
    var object: JSONValue
}

extension YAMLEditor {
    /// Every workload in a YAML text (one or more documents, `kind: List` items included), in
    /// file order. Other objects are skipped.
    public static func workloads(in text: String, file: String? = nil) throws(YAMLEditError) -> [WorkloadManifest] {
        do throws(YAMLEditError) {
            let source = SourceText(text)
            return try locateWorkloads(in: SourceNode.documents(in: source, text: text), source: source).map(\.manifest)
        } catch {
            throw error.with(file: file)
        }
    }

    static func locateWorkloads(in documents: [SourceNode], source: SourceText) -> [LocatedWorkload] {
        var result: [LocatedWorkload] = []
        for (documentIndex, document) in documents.enumerated() {
            let kind = document["kind"]?.scalarValue
            if let kind, kind.hasSuffix("List"), let items = document["items"]?.items {
                let values = document.value["items"]?.arrayValue ?? []
                for (listIndex, item) in items.enumerated() {
                    let object = listIndex < values.count ? values[listIndex] : .null
                    if let found = workload(
                        item, object: object, source: source, documentIndex: documentIndex, listIndex: listIndex)
                    {
                        result.append(found)
                    }
                }
            } else if let found = workload(
                document, object: document.value, source: source, documentIndex: documentIndex, listIndex: nil)
            {
                result.append(found)
            }
        }
        return result
    }

    static func workload(_ node: SourceNode, object: JSONValue, source: SourceText, documentIndex: Int, listIndex: Int?)
        -> LocatedWorkload?
    {
        guard let kind = node["kind"]?.scalarValue, let name = node[path: ["metadata", "name"]]?.scalarValue else {
            return nil
        }
        let podSpecPath: [String]
        if let path = WorkloadManifest.podSpecPaths[kind] {
            podSpecPath = path
        } else if HelmReleaseImages.isHelmRelease(apiVersion: node["apiVersion"]?.scalarValue, kind: kind) {
            podSpecPath = []
        } else {
            return nil
        }
        var annotations: [String: String] = [:]
        for entry in node[path: ["metadata", "annotations"]]?.entries ?? [] {
            if let key = entry.key.scalarValue, let value = entry.value.scalarValue { annotations[key] = value }
        }
        let podSpec = podSpecPath.isEmpty ? nil : node[path: podSpecPath]
        var containers: [ContainerRef] = []
        for helm in HelmReleaseImages.containers(of: object) {
            let field = node[path: helm.repositoryPath]
            containers.append(
                ContainerRef(
                    name: helm.name, image: helm.image.description, isInit: false, imageRange: nil,
                    line: field?.line ?? node.line))
        }
        for (field, isInit) in [("containers", false), ("initContainers", true)] {
            for container in podSpec?[field]?.items ?? [] {
                guard let containerName = container["name"]?.scalarValue else { continue }
                let imageNode = container["image"]
                var range: Range<Int>?
                if let imageNode {
                    do throws(YAMLEditError) {
                        range = try ScalarScanner.range(of: imageNode, in: source)
                    } catch {
                        // Listed without a range: `setImage` reports why when asked to edit it.
                        range = nil
                    }
                }
                containers.append(
                    ContainerRef(
                        name: containerName, image: imageNode?.scalarValue, isInit: isInit, imageRange: range,
                        line: imageNode?.line ?? container.line))
            }
        }
        let manifest = WorkloadManifest(
            apiVersion: node["apiVersion"]?.scalarValue, kind: kind, name: name,
            namespace: node[path: ["metadata", "namespace"]]?.scalarValue, annotations: annotations,
            containers: containers, line: node.line, documentIndex: documentIndex, listIndex: listIndex)
        return LocatedWorkload(manifest: manifest, node: node, object: object)
    }

    /// The one workload with this ID, or a typed error naming it.
    static func locate(
        _ id: WorkloadID, in documents: [SourceNode], source: SourceText, defaultNamespace: String
    ) throws(YAMLEditError) -> LocatedWorkload {
        let matches = locateWorkloads(in: documents, source: source).filter {
            id.matches(
                kind: $0.manifest.kind, name: $0.manifest.name, namespace: $0.manifest.namespace,
                defaultNamespace: defaultNamespace)
        }
        guard let first = matches.first else {
            throw YAMLEditError(.workloadNotFound, workload: id.description, message: "workload not found")
        }
        guard matches.count == 1 else {
            let lines = matches.map { String($0.manifest.line) }.joined(separator: ", ")
            throw YAMLEditError(
                .ambiguousWorkload, line: matches[1].manifest.line, workload: id.description,
                message: "workload defined more than once (lines \(lines))")
        }
        return first
    }
}

import KubernetesModel

extension YAMLEditor {
    /// Sets the `image` of one container (or initContainer) of a workload, replacing only the
    /// bytes of the image value and keeping its quoting (plain, single or double quotes) and
    /// everything else in the file.
    ///
    /// - Parameters:
    ///   - image: the new image reference, e.g. `localhost:5000/app:1.1`.
    ///   - container: the container's name.
    ///   - workload: which workload; a manifest without a namespace is in `defaultNamespace`.
    ///   - text: the file's contents.
    ///   - file: the file name, for error messages.
    /// - Returns: the edited text (the same text when the image is already set).
    public static func setImage(
        _ image: String, container: String, workload: WorkloadID, in text: String, file: String? = nil,
        defaultNamespace: String = "default"
    ) throws(YAMLEditError) -> String {
        do throws(YAMLEditError) {
            do throws(ImageReferenceError) {
                _ = try ImageReference(parsing: image)
            } catch {
                throw YAMLEditError(.invalidValue, container: container, message: error.description)
            }
            let source = SourceText(text)
            let documents = try SourceNode.documents(in: source, text: text)
            let located = try locate(workload, in: documents, source: source, defaultNamespace: defaultNamespace)
            let imageNode = try imageNode(of: container, in: located)
            let range = try ScalarScanner.range(of: imageNode, in: source)
            let style = imageNode.scalarStyle ?? .plain
            let replacement = ScalarWriter.render(image, style: style, inFlow: imageNode.isInFlow)
            guard source.string(range) != replacement else { return text }
            let edited = Splice(range, replacement).apply(to: source)
            let podSpecPath = WorkloadManifest.podSpecPaths[located.manifest.kind] ?? []
            try verify(original: text, edited: edited, workload: workload, defaultNamespace: defaultNamespace) {
                object in
                for field in ["containers", "initContainers"] {
                    guard var list = object[path: podSpecPath + [field]]?.arrayValue else { continue }
                    for index in list.indices where list[index]["name"]?.stringValue == container {
                        list[index]["image"] = .string(image)
                    }
                    object.set(path: podSpecPath + [field], to: .array(list))
                }
            }
            return edited
        } catch {
            throw error.with(file: file, workload: workload.description)
        }
    }

    static func imageNode(of container: String, in located: LocatedWorkload) throws(YAMLEditError) -> SourceNode {
        let podSpecPath = WorkloadManifest.podSpecPaths[located.manifest.kind] ?? []
        let podSpec = located.node[path: podSpecPath]
        for field in ["containers", "initContainers"] {
            for item in podSpec?[field]?.items ?? [] where item["name"]?.scalarValue == container {
                guard let image = item["image"] else {
                    throw YAMLEditError(
                        .unsupportedLayout, line: item.line, container: container, message: "container has no image")
                }
                return image
            }
        }
        let known = located.manifest.containers.map(\.name).joined(separator: ", ")
        throw YAMLEditError(
            .containerNotFound, line: located.manifest.line, container: container,
            message: "no such container (containers: \(known.isEmpty ? "none" : known))")
    }
}

import KubernetesModel

extension YAMLEditor {
    /// Sets the `image` of one container (or initContainer) of a workload, replacing only the
    /// bytes of the image value and keeping its quoting (plain, single or double quotes) and
    /// everything else in the file. For a HelmRelease, the values fields that hold the
    /// container's image parts are set as Flux v1 sets them (`HelmReleaseImages`).
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
            if HelmReleaseImages.isHelmRelease(apiVersion: located.object.apiVersion, kind: located.manifest.kind) {
                return try setHelmReleaseImage(
                    image, container: container, located: located, source: source, text: text, workload: workload,
                    defaultNamespace: defaultNamespace)
            }
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

    /// Writes `image` into the values fields of a HelmRelease container, each in its own style.
    static func setHelmReleaseImage(
        _ image: String, container: String, located: LocatedWorkload, source: SourceText, text: String,
        workload: WorkloadID, defaultNamespace: String
    ) throws(YAMLEditError) -> String {
        guard let reference = FluxImageRef(parsing: image) else {
            throw YAMLEditError(.invalidValue, container: container, message: "invalid image reference \"\(image)\"")
        }
        let containers = HelmReleaseImages.containers(of: located.object)
        guard let target = containers.first(where: { $0.name == container }) else {
            let known = containers.map(\.name).joined(separator: ", ")
            throw YAMLEditError(
                .containerNotFound, line: located.manifest.line, container: container,
                message: "no such container in the HelmRelease's values (containers: \(known.isEmpty ? "none" : known))")
        }
        let assignments = target.assignments(for: reference)
        var splices: [Splice] = []
        for (path, value) in assignments {
            guard let node = located.node[path: path], node.scalarValue != nil, let style = node.scalarStyle else {
                throw YAMLEditError(
                    .unsupportedLayout, line: located.manifest.line, container: container,
                    message: "\(path.joined(separator: ".")) is not a scalar written in the file")
            }
            let range = try ScalarScanner.range(of: node, in: source)
            let replacement = ScalarWriter.render(value, style: style, inFlow: node.isInFlow)
            if source.string(range) != replacement { splices.append(Splice(range, replacement)) }
        }
        guard !splices.isEmpty else { return text }
        let edited = Splice.apply(splices, to: source)
        try verify(original: text, edited: edited, workload: workload, defaultNamespace: defaultNamespace) { object in
            for (path, value) in assignments { object.set(path: path, to: .string(value)) }
        }
        return edited
    }
}

import KubernetesModel

/// Renders a kustomization directory natively, producing what `kubectl kustomize DIR`
/// (kustomize v5) produces: same objects, same order, same YAML bytes.
public struct Kustomizer: Sendable {
    /// Whether `resources:` and `components:` may name remote URLs
    /// (`--enable-remote-resources`). Off (the default), such entries are refused with
    /// `remoteResource`, so a render never depends on the network. On, git URLs are cloned
    /// with the system git and `http(s)://` manifest files are fetched, as kustomize v5 does
    /// (see README, "Remote resources").
    public var allowRemoteResources: Bool
    /// Supplies file contents in place of the bytes on disk (decrypted files); `nil`: disk.
    public var fileReader: (any KustomizeFileReader)?

    public init(allowRemoteResources: Bool = false, fileReader: (any KustomizeFileReader)? = nil) {
        self.allowRemoteResources = allowRemoteResources
        self.fileReader = fileReader
    }

    /// The rendered objects in output order.
    public func build(directory: String) throws(KustomizeError) -> [JSONValue] {
        do {
            return try FileReading.$current.withValue(fileReader) { try buildResources(directory: directory).map(\.object) }
        } catch let error as KustomizeError {
            throw error
        } catch {
            throw KustomizeError(.invalidField, file: directory, "\(error)")
        }
    }

    /// The rendered YAML stream, byte for byte as `kubectl kustomize` prints it.
    public func render(directory: String) throws(KustomizeError) -> String {
        let objects = try build(directory: directory)
        return Self.render(objects)
    }

    /// Prints objects as a kustomize YAML stream (documents separated by `---`).
    public static func render(_ objects: [JSONValue]) -> String {
        objects.map(YAMLEmitter.render).joined(separator: "---\n")
    }

    func buildResources(directory: String) throws -> [Resource] {
        let root = FileLoader.resolve(directory, in: ".")
        var context = BuildContext(allowRemoteResources: allowRemoteResources)
        var kustomization = try FileLoader.loadKustomization(directory: root, referencedFrom: nil, field: nil)
        if kustomization.isComponent {
            kustomization.fields["kind"] = "Kustomization"
        }
        var resources = try context.accumulate(kustomization)
        // Done once, at the top: hashes, then references to the new names.
        for index in resources.indices where resources[index].needsHashSuffix {
            let hash = NameHasher.hash(resources[index].object)
            resources[index].storePreviousID()
            resources[index].setName("\(resources[index].name)-\(hash)")
        }
        NameReferenceFixer.fix(&resources)
        // kustomize strips its internal annotations at the end and drops the map when it is
        // left empty, so an empty `metadata.annotations` never reaches the output.
        for index in resources.indices {
            if let annotations = resources[index].object["metadata"]?["annotations"]?.objectValue, annotations.isEmpty {
                resources[index].object["metadata"]?["annotations"] = nil
            }
        }
        return try order(resources, kustomization: kustomization)
    }

    private func order(_ resources: [Resource], kustomization: Kustomization) throws -> [Resource] {
        guard let options = kustomization["sortOptions"]?.objectValue else {
            return ResourceOrdering().sort(resources)
        }
        switch options["order"]?.stringValue ?? "legacy" {
        case "fifo":
            return resources
        case "legacy":
            var ordering = ResourceOrdering()
            if let legacy = options["legacySortOptions"]?.objectValue {
                ordering.first = legacy["orderFirst"]?.arrayValue?.compactMap(\.stringValue) ?? []
                ordering.last = legacy["orderLast"]?.arrayValue?.compactMap(\.stringValue) ?? []
            }
            return ordering.sort(resources)
        case let other:
            throw KustomizeError(
                .invalidField, file: kustomization.file, field: "sortOptions.order",
                "unknown sort order '\(other)' (expected legacy or fifo)")
        }
    }
}

/// State of one build: the kustomizations being visited (to detect cycles).
struct BuildContext {
    var visiting: [String] = []
    var allowRemoteResources = false
    /// Remote entries being built (outermost first), to detect repository cycles.
    var remoteStack: [String] = []

    /// kustomize's `AccumulateTarget`: resources, components, generators, transformers.
    mutating func accumulate(_ kustomization: Kustomization) throws -> [Resource] {
        var resources: [Resource] = []
        try accumulate(kustomization, into: &resources)
        return resources
    }

    mutating func accumulate(_ kustomization: Kustomization, into resources: inout [Resource]) throws {
        let file = kustomization.file
        visiting.append(kustomization.directory)
        defer { visiting.removeLast() }
        var entries = try kustomization.stringList("resources").map { ($0, "resources") }
        entries += try kustomization.stringList("bases").map { ($0, "bases") }
        for (index, (entry, key)) in entries.enumerated() {
            let field = "\(key)[\(index)]"
            let path = FileLoader.resolve(entry, in: kustomization.directory)
            var loaded: [Resource]
            if FileLoader.isRemote(entry) {
                guard allowRemoteResources else {
                    throw KustomizeError(
                        .remoteResource, file: file, field: field,
                        "remote resource '\(Redaction.redact(entry))' is refused: remote resources are disabled (enable them with --enable-remote-resources on fluxd or fluxctl, or vendor it into the repository)"
                    )
                }
                loaded = try accumulateRemote(entry, file: file, field: field)
            } else if FileLoader.isDirectory(path) {
                try RemoteRestriction.checkDirectory(path, kustomization: file, field: field)
                if visiting.contains(path) {
                    throw KustomizeError(.cycle, file: file, field: field, "cycle detected: '\(path)' includes itself")
                }
                let child = try FileLoader.loadKustomization(directory: path, referencedFrom: file, field: field)
                if child.isComponent {
                    throw KustomizeError(
                        .invalidField, file: file, field: field,
                        "expected kind 'Kustomization' for '\(child.file)' but got 'Component'")
                }
                loaded = try accumulate(child)
            } else if FileLoader.exists(path) {
                loaded = try FileLoader.loadResources(path: path, kustomization: file, field: field)
            } else {
                throw KustomizeError(
                    .missingFile, file: file, field: field, "accumulating resources: '\(path)' does not exist")
            }
            var known = Set(resources.map { $0.currentID.normalized })
            for resource in loaded {
                let id = resource.currentID
                if !known.insert(id.normalized).inserted {
                    throw KustomizeError(
                        .duplicateResource, file: file, field: field,
                        "may not add resource with an already registered id: \(id)")
                }
                resources.append(resource)
            }
        }
        for (index, entry) in try kustomization.stringList("crds").enumerated() {
            let path = FileLoader.resolve(entry, in: kustomization.directory)
            _ = try FileLoader.readText(path, kustomization: file, field: "crds[\(index)]")
        }
        // Components run after this kustomization's generators, before its transformers.
        try Generators(kustomization: kustomization).run(into: &resources)
        for (index, entry) in try kustomization.stringList("components").enumerated() {
            let field = "components[\(index)]"
            if FileLoader.isRemote(entry) {
                guard allowRemoteResources else {
                    throw KustomizeError(
                        .remoteResource, file: file, field: field,
                        "remote component '\(Redaction.redact(entry))' is refused: remote resources are disabled (enable them with --enable-remote-resources on fluxd or fluxctl, or vendor it into the repository)"
                    )
                }
                try accumulateRemoteComponent(entry, file: file, field: field, into: &resources)
                continue
            }
            let path = FileLoader.resolve(entry, in: kustomization.directory)
            try RemoteRestriction.checkDirectory(path, kustomization: file, field: field)
            guard FileLoader.isDirectory(path) else {
                throw KustomizeError(.missingFile, file: file, field: field, "component '\(path)' is not a directory")
            }
            if visiting.contains(path) {
                throw KustomizeError(.cycle, file: file, field: field, "cycle detected: '\(path)' includes itself")
            }
            let component = try FileLoader.loadKustomization(directory: path, referencedFrom: file, field: field)
            guard component.isComponent else {
                throw KustomizeError(
                    .invalidField, file: file, field: field,
                    "expected kind 'Component' for '\(component.file)' but got '\(component.string("kind") ?? "Kustomization")'")
            }
            try accumulate(component, into: &resources)
        }
        try Transformations(kustomization: kustomization).run(on: &resources)
    }
}

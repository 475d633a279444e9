import KubernetesModel

/// Running totals of one load against `ManifestLimits` (documents and objects over all files),
/// kept as outputs arrive so the loader can stop reading as soon as a total is exceeded.
struct LoadBudget: Sendable {
    let limits: ManifestLimits
    private(set) var documents = 0
    private(set) var objects = 0
    /// The first total exceeded, as the error that fails the load.
    private(set) var exceeded: ManifestError?

    init(limits: ManifestLimits) { self.limits = limits }

    /// Adds one entry's output; `source` names the file or directory that crossed a limit.
    mutating func count(_ output: DocumentDecoder.Output, source: String) {
        documents += output.documents
        objects += output.manifests.count
        guard exceeded == nil else { return }
        if documents > limits.yaml.maxDocuments {
            exceeded = ManifestError(
                code: .limitExceeded, file: source, line: nil,
                message:
                    "the configured paths hold more than \(limits.yaml.maxDocuments) documents; reading stopped here (fluxd --manifest-max-documents)"
            )
        } else if objects > limits.maxObjects {
            exceeded = ManifestError(
                code: .limitExceeded, file: source, line: nil,
                message:
                    "the configured paths render more than \(limits.maxObjects) objects; reading stopped here (fluxd --manifest-max-objects)"
            )
        }
    }
}

/// Objects too large for the API server to accept, found before anything is applied.
enum ObjectSizeCheck {
    static func errors(in manifests: [Manifest], limit: Int) -> [ManifestError] {
        var errors: [ManifestError] = []
        for manifest in manifests {
            let size = manifest.object.serialized().utf8.count
            guard size > limit else { continue }
            errors.append(
                ManifestError(
                    code: .limitExceeded, file: manifest.source.path, line: manifest.source.line,
                    object: manifest.key.description,
                    message:
                        "the object is \(ByteSize.approximate(size)) as JSON, more than the API server accepts in one request (\(ByteSize(bytes: limit)); kube-apiserver answers 413 \"Request entity too large: limit is 3145728\") (fluxd --manifest-max-object-size)"
                ))
        }
        return errors
    }
}

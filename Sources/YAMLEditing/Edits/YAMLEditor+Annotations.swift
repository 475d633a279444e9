import ImagePolicy
import KubernetesModel

/// One change to a workload's annotations: set `key` to `value`, or remove it when `value` is nil.
public struct AnnotationChange: Sendable, Hashable {
    public var key: String
    public var value: String?

    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    public static func set(_ key: String, _ value: String) -> AnnotationChange { .init(key: key, value: value) }
    public static func remove(_ key: String) -> AnnotationChange { .init(key: key, value: nil) }
}

extension YAMLEditor {
    /// Sets and removes annotations of a workload (`fluxcd.io/automated: "true"`,
    /// `fluxcd.io/tag.web: semver:~1.2`…), changing only the lines concerned.
    ///
    /// A key under `fluxcd.io/` also matches the same annotation under the old
    /// `flux.weave.works/` prefix: an existing old-prefix value is updated in place, and removal
    /// removes both. A missing `metadata.annotations` is added with the document's indentation;
    /// removing the last annotation removes the `annotations:` key. Sets apply before removals,
    /// each in the order given.
    public static func setAnnotations(
        _ changes: [AnnotationChange], workload: WorkloadID, in text: String, file: String? = nil,
        defaultNamespace: String = "default"
    ) throws(YAMLEditError) -> String {
        do throws(YAMLEditError) {
            let ordered = changes.filter { $0.value != nil } + changes.filter { $0.value == nil }
            var current = text
            for change in ordered {
                guard !change.key.isEmpty else { throw YAMLEditError(.invalidValue, message: "empty annotation key") }
                // Removing both prefixes can take two splices; each round re-reads the text.
                for _ in 0..<3 {
                    let source = SourceText(current)
                    let documents = try SourceNode.documents(in: source, text: current)
                    let located = try locate(workload, in: documents, source: source, defaultNamespace: defaultNamespace)
                    guard let splice = try annotationSplice(change, in: located.node, source: source) else { break }
                    current = splice.apply(to: source)
                }
            }
            guard current != text else { return text }
            try verify(original: text, edited: current, workload: workload, defaultNamespace: defaultNamespace) {
                object in
                for change in ordered { applyAnnotationChange(change, to: &object) }
            }
            return current
        } catch {
            throw error.with(file: file, workload: workload.description)
        }
    }

    /// Sets and removes annotations given as a dictionary (`nil` removes); applied in key order
    /// so the result does not depend on dictionary order.
    public static func setAnnotations(
        _ changes: [String: String?], workload: WorkloadID, in text: String, file: String? = nil,
        defaultNamespace: String = "default"
    ) throws(YAMLEditError) -> String {
        let list = changes.keys.sorted().map { AnnotationChange(key: $0, value: changes[$0] ?? nil) }
        return try setAnnotations(list, workload: workload, in: text, file: file, defaultNamespace: defaultNamespace)
    }

    /// The change on the parsed value, mirroring what the text edit must do (for verification).
    static func applyAnnotationChange(_ change: AnnotationChange, to object: inout JSONValue) {
        var metadata = object["metadata"]?.objectValue ?? JSONObject()
        var annotations = metadata["annotations"]?.objectValue ?? JSONObject()
        let aliases = PolicyAnnotation.aliases(ofKey: change.key)
        if let value = change.value {
            let key = aliases.first { annotations[$0] != nil } ?? change.key
            annotations[key] = .string(value)
            metadata["annotations"] = .object(annotations)
        } else {
            guard metadata["annotations"]?.objectValue != nil else { return }
            var removed = false
            for alias in aliases where annotations.removeValue(forKey: alias) != nil { removed = true }
            guard removed else { return }
            metadata["annotations"] = annotations.isEmpty ? nil : .object(annotations)
        }
        object["metadata"] = .object(metadata)
    }
}

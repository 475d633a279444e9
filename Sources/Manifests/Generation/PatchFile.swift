import KubernetesModel
import Kustomize
import Patching

/// The `patchFile` of a `patchUpdated` `.flux.yaml`: a YAML stream of strategic-merge patches,
/// each naming its object by `kind`, `metadata.name` and `metadata.namespace` (as written in
/// the generated output), applied over what the generators print the way Flux v1 applied them
/// (`pkg/cluster/kubernetes/patch.go`): a strategic merge patch with apimachinery's semantics
/// for built-in kinds (so the `$setElementOrder/<list>` directives Flux v1 wrote into every
/// patch file order the lists and do not end up in the object), a JSON merge patch for
/// custom resources (HelmRelease included).
struct PatchFile: Sendable {
    /// One document of the file: its bytes (the `---` line that opens it included) and its
    /// parsed value (`nil` for an empty or comment-only document).
    struct Document: Sendable {
        var text: String
        var value: JSONValue?
        /// 1-based line of the document's first node in the file.
        var line: Int
    }

    /// The patch file relative to the repository root, for messages.
    var path: String
    /// Every document in file order; concatenating their texts gives the file back.
    var documents: [Document]

    /// An absent file: no patches.
    init(path: String) {
        self.path = path
        documents = []
    }

    init(path: String, text: String) throws(ManifestGenerationError) {
        self.path = path
        documents = []
        var lineNumber = 1
        for segment in Self.segments(of: text) {
            let parsed: [YAMLDocument]
            do throws(YAMLConversionError) {
                parsed = try JSONValue.yamlDocuments(segment)
            } catch {
                throw ManifestGenerationError(
                    .invalidPatch, file: path, line: error.line.map { $0 + lineNumber - 1 },
                    message: "invalid YAML: \(error.message)")
            }
            guard parsed.count <= 1 else {
                throw ManifestGenerationError(.invalidPatch, file: path, line: lineNumber, message: "cannot split documents")
            }
            let line = parsed.first.map { $0.line + lineNumber - 1 } ?? lineNumber
            documents.append(Document(text: segment, value: parsed.first?.value, line: line))
            lineNumber += segment.utf8.count(where: { $0 == UInt8(ascii: "\n") })
        }
    }

    var text: String { documents.map(\.text).joined() }

    /// Splits a YAML stream into documents at `---` lines, keeping every byte.
    static func segments(of text: String) -> [String] {
        let bytes = Array(text.utf8)
        var segments: [String] = []
        var segmentStart = 0
        var lineStart = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "\n") {
            var line = bytes[lineStart..<index]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            let isMarker =
                line.starts(with: Array("---".utf8))
                && (line.count == 3 || line[line.startIndex + 3] == UInt8(ascii: " ")
                    || line[line.startIndex + 3] == UInt8(ascii: "\t"))
            if isMarker && lineStart > segmentStart {
                segments.append(String(decoding: bytes[segmentStart..<lineStart], as: UTF8.self))
                segmentStart = lineStart
            }
            lineStart = index + 1
        }
        if segmentStart < bytes.count {
            segments.append(String(decoding: bytes[segmentStart...], as: UTF8.self))
        }
        return segments
    }

    /// The identity Flux v1 matches patches by: `namespace:kind/name` as written (kind in
    /// lower case, namespace empty when absent).
    static func identity(of object: JSONValue) -> String? {
        guard let kind = object.kind, let name = object.name else { return nil }
        return "\(object.namespace ?? ""):\(kind.lowercased())/\(name)"
    }

    /// Flux v1's `applyPatch`: strategic merge (kube-apiserver's semantics and merge keys) for
    /// built-in kinds, JSON merge patch for the rest. `nil` when the patch deletes the object.
    static func merge(_ patch: JSONValue, into object: JSONValue) throws(PatchError) -> JSONValue? {
        let gvk = GroupVersionKind(apiVersion: object.apiVersion ?? "", kind: object.kind ?? "")
        guard PatchStrategy.isBuiltin(gvk) else { return JSONMergePatch.apply(patch, to: object) }
        return try StrategicMergePatch(.apiServer, strategies: .builtin(kind: gvk.kind)).apply(patch, to: object)
    }

    /// The index of the document patching the object with `identity`.
    func documentIndex(for identity: String) -> Int? {
        documents.firstIndex { $0.value.flatMap(Self.identity(of:)) == identity }
    }

    /// Applies every patch to the generated objects. A patch for an object that no generator
    /// printed, a patch without kind or name, and two patches for one object are errors.
    func apply(to objects: [JSONValue]) throws(ManifestGenerationError) -> [JSONValue] {
        var patches: [String: (patch: JSONValue, line: Int)] = [:]
        for document in documents {
            guard let value = document.value else { continue }
            guard value.objectValue != nil, let identity = Self.identity(of: value) else {
                throw ManifestGenerationError(
                    .invalidPatch, file: path, line: document.line,
                    message: "a patch must be a mapping with kind and metadata.name")
            }
            if let earlier = patches[identity] {
                throw ManifestGenerationError(
                    .invalidPatch, file: path, line: document.line,
                    message: "second patch for \(identity) (the first is on line \(earlier.line))")
            }
            patches[identity] = (value, document.line)
        }
        let identities = Set(objects.compactMap(Self.identity(of:)))
        for (identity, entry) in patches.sorted(by: { $0.value.line < $1.value.line }) where !identities.contains(identity) {
            throw ManifestGenerationError(
                .invalidPatch, file: path, line: entry.line,
                message: "patch for \(identity) matches no generated object (missing resource for patch)")
        }
        var result: [JSONValue] = []
        for object in objects {
            guard let identity = Self.identity(of: object), let patch = patches[identity] else {
                result.append(object)
                continue
            }
            do {
                if let patched = try Self.merge(patch.patch, into: object) { result.append(patched) }
            } catch {
                throw ManifestGenerationError(
                    .invalidPatch, file: path, line: patch.line, message: "cannot patch \(identity): \(error.message)")
            }
        }
        return result
    }
}

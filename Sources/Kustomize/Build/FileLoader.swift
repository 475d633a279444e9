import Foundation
import KubernetesModel

/// Reads files and directories relative to a kustomization (remote URLs: `RemoteResources.swift`).
enum FileLoader {
    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Whether a `resources:`/`components:` entry is a URL rather than a local path: a scheme,
    /// a well-known git host, or an SCP-like git URL kustomize would clone (`user@host:path`).
    static func isRemote(_ entry: String) -> Bool {
        entry.contains("://") || entry.hasPrefix("git@") || entry.hasPrefix("github.com/")
            || entry.hasPrefix("gitlab.com/") || entry.hasPrefix("bitbucket.org/")
            || (entry.contains("@") && entry.contains(":") && GitRepoSpec(entry) != nil)
    }

    /// `base/dir` joined with a relative entry, normalised (`..` resolved) so cycles are
    /// detected on real paths.
    static func resolve(_ entry: String, in directory: String) -> String {
        let joined = entry.hasPrefix("/") ? entry : directory + "/" + entry
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }

    /// `path` with every symlink resolved (kustomize's `CleanedAbs`/`EvalSymlinks`).
    static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// kustomize's default load restrictor (`LoadRestrictionsRootOnly`): a file read for a
    /// kustomization must lie, symlinks resolved, in or below that kustomization's directory
    /// (for a base, its own directory). Bases and components (directories) may lie elsewhere.
    static func checkWithinRoot(_ path: String, kustomization: String, field: String) throws {
        let root = realPath((kustomization as NSString).deletingLastPathComponent)
        let real = realPath(path)
        guard real == root || real.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw KustomizeError(
                .loadRestriction, file: kustomization, field: field,
                "security; file '\(path)' is not in or below '\(root)' (kustomize's load restrictor: a kustomization reads only files in or below its own directory)"
            )
        }
    }

    static func readData(_ path: String, kustomization: String, field: String) async throws -> Data {
        try RemoteRestriction.checkFile(path, kustomization: kustomization, field: field)
        try checkWithinRoot(path, kustomization: kustomization, field: field)
        guard exists(path), !isDirectory(path) else {
            throw KustomizeError(.missingFile, file: kustomization, field: field, "file '\(path)' not found")
        }
        do {
            return try await reader.read(path)
        } catch let error as KustomizeError {
            throw error
        } catch {
            throw KustomizeError(.missingFile, file: kustomization, field: field, "cannot read '\(path)': \(error)")
        }
    }

    static func readText(_ path: String, kustomization: String, field: String) async throws -> String {
        let data = try await readData(path, kustomization: kustomization, field: field)
        guard let text = String(data: data, encoding: .utf8) else {
            throw KustomizeError(.invalidYAML, file: path, field: field, "file is not UTF-8 text")
        }
        return text
    }

    /// The kustomization file in a directory, or nil.
    static func kustomizationFile(in directory: String) -> String? {
        for name in Kustomization.fileNames where exists(directory + "/" + name) {
            return directory + "/" + name
        }
        return nil
    }

    static func loadKustomization(directory: String, referencedFrom: String?, field: String?) async throws -> Kustomization {
        guard let file = kustomizationFile(in: directory) else {
            throw KustomizeError(
                .missingKustomization, file: referencedFrom ?? directory, field: field,
                "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '\(directory)'"
            )
        }
        let found = Kustomization.fileNames.filter { exists(directory + "/" + $0) }
        if found.count > 1 {
            throw KustomizeError(
                .invalidField, file: file, field: field,
                "Found multiple kustomization files under: \(directory) (\(found.joined(separator: ", ")))")
        }
        let text = try await readText(file, kustomization: file, field: "")
        // kustomize reads its own file with sigs.k8s.io/yaml (YAML 1.1: `on` is a boolean).
        let documents: [GoYAMLv2.Document]
        do {
            documents = try GoYAMLv2.documents(text, keepingEmpty: true)
        } catch {
            throw KustomizeError(.invalidYAML, file: file, line: error.line, error.message)
        }
        // sigs.k8s.io/yaml reads the first document only; later ones are ignored.
        let value = documents.first?.value ?? .null
        if value.isNull { throw KustomizeError(.invalidField, file: file, "kustomization.yaml is empty") }
        guard let rawFields = value.objectValue else {
            throw KustomizeError(.invalidYAML, file: file, "a kustomization must be a map, got \(value.typeName)")
        }
        // Field names as Go's JSON decoder matches them (case-insensitively); unknown fields,
        // here and inside entries, are errors as in kustomize's strict decoding.
        guard let normalized = try GoJSONShape.kustomization.normalize(.object(rawFields), file: file, field: "", strict: true).objectValue
        else { throw KustomizeError(.invalidYAML, file: file, "a kustomization must be a map") }
        let fields = normalized
        if isEmpty(fields) { throw KustomizeError(.invalidField, file: file, "kustomization.yaml is empty") }
        // kustomize configures the helm generator only for the charts listed (and then asks
        // for --enable-helm); `helmGlobals` alone or an empty chart list changes nothing.
        for key in fields.keys.sorted() where Kustomization.unsupportedFields.contains(key) {
            if let charts = fields[key]?.arrayValue, charts.isEmpty { continue }
            if fields[key]?.isNull == true { continue }
            let why =
                key.hasPrefix("helm")
                ? "it inflates Helm charts with the helm binary, which SwiftFlux does not run (inflate the chart and commit the output)"
                : "the native renderer does not support it"
            throw KustomizeError(.unsupported, file: file, field: key, "field '\(key)' is refused: \(why)")
        }
        let kustomization = Kustomization(file: file, directory: directory, fields: fields)
        try kustomization.validateKind()
        return kustomization
    }

    /// Objects in a manifest file; `List` kinds are expanded as kustomize does.
    static func loadResources(path: String, kustomization: String, field: String) async throws -> [Resource] {
        let text = try await readText(path, kustomization: kustomization, field: field)
        return try parseResources(text, origin: path, kustomization: kustomization, field: field)
    }

    /// The first infinite or NaN number in a value, if any.
    static func firstNonFinite(_ value: JSONValue) -> Double? {
        switch value {
        case .double(let number): return number.isFinite ? nil : number
        case .array(let items): return items.lazy.compactMap(firstNonFinite).first
        case .object(let object): return object.lazy.compactMap { firstNonFinite($0.value) }.first
        default: return nil
        }
    }

    /// Objects in manifest text read from `path` (a file, or a URL for remote files).
    static func parseResources(_ text: String, origin path: String, kustomization: String, field: String) throws
        -> [Resource]
    {
        let documents: [KYAMLDecoder.Document]
        do {
            documents = try KYAMLDecoder.documents(text, resources: true)
        } catch {
            throw KustomizeError(.invalidYAML, file: path, field: field, line: error.line, error.message)
        }
        var result: [Resource] = []
        for document in documents {
            if let key = document.nonStringKey {
                throw KustomizeError(
                    .invalidYAML, file: path, field: field, line: key.line,
                    "the mapping key \(key.text) is not a string (kustomize reads it as a number, boolean, null or time and cannot turn the object into JSON)"
                )
            }
            if let number = firstNonFinite(document.value) {
                // kustomize converts objects to JSON, which has no infinities or NaN.
                throw KustomizeError(
                    .invalidYAML, file: path, field: field, line: document.line,
                    "json: unsupported value: \(number.isNaN ? "NaN" : number < 0 ? "-Inf" : "+Inf")")
            }
            guard document.value.objectValue != nil else {
                throw KustomizeError(
                    .invalidYAML, file: path, field: field, line: document.line,
                    "expected a Kubernetes object, got \(document.value.typeName)")
            }
            if let kind = document.value.kind, kind.hasSuffix("List"), let items = document.value["items"]?.arrayValue {
                for item in items {
                    try checkIdentity(item, file: path, field: field, line: document.line)
                    result.append(Resource(object: item, origin: path))
                }
                continue
            }
            try checkIdentity(document.value, file: path, field: field, line: document.line)
            var resource = Resource(object: document.value, origin: path)
            resource.emptyNulls = document.emptyNulls
            result.append(resource)
        }
        return result
    }

    /// kustomize refuses an object without a kind or a name (`generateName` is not enough):
    /// a name must be a non-empty scalar.
    static func checkIdentity(_ object: JSONValue, file: String, field: String, line: Int?) throws {
        guard object.kind != nil else {
            throw KustomizeError(.invalidYAML, file: file, field: field, line: line, "missing kind in object")
        }
        switch object["metadata"]?["name"] {
        case .string(let name) where !name.isEmpty: return
        case .integer, .double, .bool: return
        default:
            throw KustomizeError(
                .invalidYAML, file: file, field: field, line: line,
                "missing metadata.name in object \(object.kind ?? "") (kustomize needs a name; generateName is not one)")
        }
    }

    /// kustomize's `Kustomization.CheckEmpty`: besides `apiVersion` and `kind`, every field
    /// decodes to Go's zero value (null or an empty string; `[]` and `{}` are not zero, but
    /// `bases: []` is, as kustomize moves bases into `resources`).
    static func isEmpty(_ fields: JSONObject) -> Bool {
        for (key, value) in fields where key != "apiVersion" && key != "kind" {
            switch value {
            case .null: continue
            case .string(let text) where text.isEmpty: continue
            case .array(let items) where items.isEmpty && key == "bases": continue
            default: return false
            }
        }
        return true
    }
}

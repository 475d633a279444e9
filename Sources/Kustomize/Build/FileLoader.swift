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

    static func readData(_ path: String, kustomization: String, field: String) throws -> Data {
        try RemoteRestriction.checkFile(path, kustomization: kustomization, field: field)
        guard exists(path), !isDirectory(path) else {
            throw KustomizeError(.missingFile, file: kustomization, field: field, "file '\(path)' not found")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw KustomizeError(.missingFile, file: kustomization, field: field, "cannot read '\(path)': \(error)")
        }
        guard let reader = FileReading.current else { return data }
        do {
            return try reader.contents(of: path, onDisk: data)
        } catch let error as KustomizeError {
            throw error
        } catch {
            throw KustomizeError(.missingFile, file: kustomization, field: field, "cannot read '\(path)': \(error)")
        }
    }

    static func readText(_ path: String, kustomization: String, field: String) throws -> String {
        let data = try readData(path, kustomization: kustomization, field: field)
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

    static func loadKustomization(directory: String, referencedFrom: String?, field: String?) throws -> Kustomization {
        guard let file = kustomizationFile(in: directory) else {
            throw KustomizeError(
                .missingKustomization, file: referencedFrom ?? directory, field: field,
                "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '\(directory)'"
            )
        }
        let text = try readText(file, kustomization: file, field: "")
        // kustomize reads its own file with sigs.k8s.io/yaml (YAML 1.1: `on` is a boolean).
        let documents: [YAMLDocument]
        do {
            documents = try JSONValue.yamlDocuments(text)
        } catch {
            throw KustomizeError(.invalidYAML, file: file, line: error.line, error.message)
        }
        guard documents.count <= 1 else {
            throw KustomizeError(.invalidYAML, file: file, "a kustomization file must hold one YAML document")
        }
        let value = documents.first?.value ?? .object(JSONObject())
        guard let fields = value.objectValue else {
            throw KustomizeError(.invalidYAML, file: file, "a kustomization must be a map, got \(value.typeName)")
        }
        for key in fields.keys where !Kustomization.knownFields.contains(key) {
            throw KustomizeError(.unknownField, file: file, field: key, "invalid Kustomization: json: unknown field \"\(key)\"")
        }
        for key in fields.keys where Kustomization.unsupportedFields.contains(key) {
            throw KustomizeError(.unsupported, file: file, field: key, "field '\(key)' is not supported by the native renderer")
        }
        let kustomization = Kustomization(file: file, directory: directory, fields: fields)
        try kustomization.validateStrictFields()
        return kustomization
    }

    /// Objects in a manifest file; `List` kinds are expanded as kustomize does.
    static func loadResources(path: String, kustomization: String, field: String) throws -> [Resource] {
        let text = try readText(path, kustomization: kustomization, field: field)
        return try parseResources(text, origin: path, kustomization: kustomization, field: field)
    }

    /// Objects in manifest text read from `path` (a file, or a URL for remote files).
    static func parseResources(_ text: String, origin path: String, kustomization: String, field: String) throws
        -> [Resource]
    {
        let documents: [KYAMLDecoder.Document]
        do {
            documents = try KYAMLDecoder.documents(text)
        } catch {
            throw KustomizeError(.invalidYAML, file: path, field: field, line: error.line, error.message)
        }
        var result: [Resource] = []
        for document in documents {
            guard document.value.objectValue != nil else {
                throw KustomizeError(
                    .invalidYAML, file: path, field: field, line: document.line,
                    "expected a Kubernetes object, got \(document.value.typeName)")
            }
            if let kind = document.value.kind, kind.hasSuffix("List"), let items = document.value["items"]?.arrayValue {
                for item in items { result.append(Resource(object: item, origin: path)) }
                continue
            }
            guard document.value.kind != nil else {
                throw KustomizeError(.invalidYAML, file: path, field: field, line: document.line, "missing kind in object")
            }
            result.append(Resource(object: document.value, origin: path))
        }
        return result
    }
}

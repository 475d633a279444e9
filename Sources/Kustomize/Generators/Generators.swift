import Foundation
import KubernetesModel

/// configMapGenerator and secretGenerator: build the objects from literals, files and env
/// files, with generatorOptions, then merge them into the resources by `behavior`.
struct Generators {
    var kustomization: Kustomization
    /// For a `generators:` entry: the file configuring it and its `metadata` name and
    /// namespace, which the origin annotation names instead of the kustomization.
    var pluginOrigin: String?
    var pluginName: String?
    var pluginNamespace: String?
    private var file: String { kustomization.file }

    struct Options {
        var labels: [(String, String)] = []
        var annotations: [(String, String)] = []
        var disableNameSuffixHash = false
        var immutable = false
    }

    func options(_ value: JSONValue?, field: String, base: Options) throws -> Options {
        var result = base
        guard let object = value?.objectValue else { return result }
        if let labels = object["labels"] {
            result.labels += try Kustomization.stringMap(labels, file: file, field: "\(field).labels")
        }
        if let annotations = object["annotations"] {
            result.annotations += try Kustomization.stringMap(annotations, file: file, field: "\(field).annotations")
        }
        // kustomize's MergeGlobalOptionsIntoLocal: `true` in generatorOptions wins over a
        // generator's own `false`.
        if object["disableNameSuffixHash"]?.boolValue == true { result.disableNameSuffixHash = true }
        if object["immutable"]?.boolValue == true { result.immutable = true }
        return result
    }

    func run(into resources: inout [Resource]) async throws {
        let global = try options(kustomization["generatorOptions"], field: "generatorOptions", base: Options())
        for (kind, key) in [("ConfigMap", "configMapGenerator"), ("Secret", "secretGenerator")] {
            for (index, entry) in try kustomization.objectList(key).enumerated() {
                let field = "\(key)[\(index)]"
                let generated = try await generate(kind: kind, entry: entry, field: field, global: global)
                try absorb(generated, into: &resources, field: field)
            }
        }
    }

    private func generate(kind: String, entry: JSONObject, field: String, global: Options) async throws -> Resource {
        guard let name = entry["name"]?.stringValue, !name.isEmpty else {
            throw KustomizeError(.invalidField, file: file, field: "\(field).name", "a generator needs a name")
        }
        let opts = try options(entry["options"], field: "\(field).options", base: global)
        var pairs: [(String, String)] = []
        var binary: [(String, String, Data)] = []
        var envFiles = try stringList(entry["envs"], field: "\(field).envs")
        if let env = entry["env"]?.stringValue { envFiles.append(env) }
        for env in envFiles {
            let path = FileLoader.resolve(env, in: kustomization.directory)
            let text = try await FileLoader.readText(path, kustomization: file, field: "\(field).envs")
            pairs += try parseEnvFile(text, field: field)
        }
        for literal in try stringList(entry["literals"], field: "\(field).literals") {
            guard let equals = literal.firstIndex(of: "="), equals != literal.startIndex else {
                throw KustomizeError(
                    .invalidField, file: file, field: "\(field).literals", "invalid literal source \(literal), expected key=value")
            }
            pairs.append((String(literal[..<equals]), Self.removeQuotes(String(literal[literal.index(after: equals)...]))))
        }
        for source in try stringList(entry["files"], field: "\(field).files") {
            var key = (source as NSString).lastPathComponent
            var path = source
            if let equals = source.firstIndex(of: "=") {
                key = String(source[..<equals])
                path = String(source[source.index(after: equals)...])
            }
            let full = FileLoader.resolve(path, in: kustomization.directory)
            let data = try await FileLoader.readData(full, kustomization: file, field: "\(field).files")
            if let text = String(data: data, encoding: .utf8) {
                pairs.append((key, text))
            } else {
                binary.append((key, Self.secretBase64(data), data))
            }
        }
        var seen: Set<String> = []
        for key in pairs.map(\.0) + binary.map(\.0) {
            guard seen.insert(key).inserted else {
                throw KustomizeError(.invalidField, file: file, field: field, "configmap/secret \(name) has duplicate key \(key)")
            }
        }
        var object = JSONObject()
        object["apiVersion"] = "v1"
        object["kind"] = .string(kind)
        var metadata = JSONObject()
        metadata["name"] = .string(name)
        if let namespace = entry["namespace"]?.stringValue, !namespace.isEmpty { metadata["namespace"] = .string(namespace) }
        if !opts.labels.isEmpty { metadata["labels"] = .object(Self.map(opts.labels)) }
        if !opts.annotations.isEmpty { metadata["annotations"] = .object(Self.map(opts.annotations)) }
        object["metadata"] = .object(metadata)
        if kind == "Secret" {
            object["type"] = .string(entry["type"]?.stringValue ?? "Opaque")
            let all = pairs.map { ($0.0, Self.secretBase64(Data($0.1.utf8))) } + binary.map { ($0.0, Self.secretBase64($0.2)) }
            // kustomize's Secret generator always writes `data` (`data: {}` with no entries);
            // its ConfigMap generator writes neither map when empty.
            object["data"] = .object(Self.map(all))
        } else {
            if !pairs.isEmpty { object["data"] = .object(Self.map(pairs)) }
            if !binary.isEmpty { object["binaryData"] = .object(Self.map(binary.map { ($0.0, $0.1) })) }
        }
        if opts.immutable { object["immutable"] = true }
        var resource = Resource(object: .object(object), origin: pluginOrigin ?? file)
        resource.generatedBy = kind + "Generator"
        resource.generatorName = pluginName
        resource.generatorNamespace = pluginNamespace
        resource.needsHashSuffix = !opts.disableNameSuffixHash
        resource.behavior = entry["behavior"]?.stringValue ?? "create"
        return resource
    }

    /// kyaml's `encodeBase64` for Secret data: base64 cut into lines of 70 characters, each
    /// ending in a newline, once the encoding reaches 70 characters.
    static func secretBase64(_ data: Data) -> String {
        let encoded = data.base64EncodedString()
        let lineLength = 70
        guard encoded.count >= lineLength else { return encoded }
        var result = ""
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: lineLength, limitedBy: encoded.endIndex) ?? encoded.endIndex
            result += encoded[index..<end] + "\n"
            index = end
        }
        return result
    }

    private func absorb(_ generated: Resource, into resources: inout [Resource], field: String) throws {
        let id = generated.currentID
        let matches = resources.indices.filter { i in resources[i].allIDs.contains { $0.matches(id) } }
        let behavior = generated.behavior ?? "create"
        guard let index = matches.first else {
            if behavior == "merge" || behavior == "replace" {
                throw KustomizeError(
                    .invalidField, file: file, field: "\(field).behavior",
                    "id \(id) does not exist; cannot merge or replace")
            }
            resources.append(generated)
            return
        }
        let old = resources[index]
        var result = generated
        switch behavior {
        case "merge", "replace":
            if behavior == "merge" {
                for key in ["data", "binaryData"] {
                    var merged = old.object[key]?.objectValue ?? JSONObject()
                    for (k, v) in generated.object[key]?.objectValue ?? JSONObject() { merged[k] = v }
                    if !merged.isEmpty { result.object[key] = .object(merged) }
                }
            }
            for key in ["labels", "annotations"] {
                var merged = old.object["metadata"]?[key]?.objectValue ?? JSONObject()
                // kustomize keeps the old origin annotation when merging; a replacing
                // generator's own origin wins (appendReplaceOrMerge).
                if key == "annotations" && behavior == "replace" { merged[BuildMetadata.originAnnotation] = nil }
                for (k, v) in generated.object["metadata"]?[key]?.objectValue ?? JSONObject() { merged[k] = v }
                if !merged.isEmpty { result.object.set(path: ["metadata", key], to: .object(merged)) }
            }
            result.object.name = old.object.name
            result.object.namespace = old.object.namespace
            result.previousIDs = old.previousIDs
            // The name gets a hash only when both the old object and the generator want one:
            // merging into a plain resource (no generator) keeps its name, as in kustomize.
            result.needsHashSuffix = old.needsHashSuffix && generated.needsHashSuffix
            result.prefixes = old.prefixes
            result.suffixes = old.suffixes
            resources[index] = result
        default:
            throw KustomizeError(
                .duplicateResource, file: file, field: "\(field).behavior", "id \(id) exists; behavior must be merge or replace")
        }
    }

    private func stringList(_ value: JSONValue?, field: String) throws -> [String] {
        guard let value, !value.isNull else { return [] }
        guard let array = value.arrayValue else {
            throw KustomizeError(.invalidField, file: file, field: field, "expected a list of strings")
        }
        return array.map(Kustomization.scalarString)
    }

    private func parseEnvFile(_ text: String, field: String) throws -> [(String, String)] {
        var result: [(String, String)] = []
        var content = Substring(text)
        if content.hasPrefix("\u{FEFF}") { content = content.dropFirst() }
        // Lines as Go's bufio.ScanLines cuts them: at each LF, one CR before it dropped. (Split
        // by scalars: a CRLF is one Swift Character, which a split at "\n" would not cut.)
        for rawLine in content.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            if line.unicodeScalars.last == "\r" { line = Substring(line.unicodeScalars.dropLast()) }
            line = line.drop(while: { $0.isWhitespace })
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let equals = line.firstIndex(of: "=") {
                result.append((String(line[..<equals]), String(line[line.index(after: equals)...])))
            } else {
                result.append((String(line), ProcessInfo.processInfo.environment[String(line)] ?? ""))
            }
        }
        return result
    }

    static func removeQuotes(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == text.last, first == "\"" || first == "'" else {
            return text
        }
        return String(text.dropFirst().dropLast())
    }

    static func map(_ pairs: [(String, String)]) -> JSONObject {
        var object = JSONObject()
        for (key, value) in pairs { object[key] = .string(value) }
        return object
    }
}

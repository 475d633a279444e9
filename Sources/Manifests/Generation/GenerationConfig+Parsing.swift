import Foundation
import KubernetesModel
import Yams

extension GenerationConfig {
    /// Parses the text of a `.flux.yaml`. Every error names `file` and the line of the
    /// offending key or value; unknown fields are refused (a misspelt `patchFile` must not
    /// silently turn a configuration into something else).
    ///
    /// - Parameters:
    ///   - file: the `.flux.yaml` relative to the repository root, for messages.
    ///   - workingDirectory: the target path the file was found for.
    public static func parse(_ text: String, file: String, workingDirectory: String)
        throws(ManifestGenerationError) -> GenerationConfig
    {
        // Syntax errors with their line, the way manifests report them.
        do throws(YAMLConversionError) {
            _ = try JSONValue.yamlDocuments(text)
        } catch {
            throw ManifestGenerationError(.invalidConfig, file: file, line: error.line, message: "invalid YAML: \(error.message)")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ManifestGenerationError(.invalidConfig, file: file, message: "invalid YAML: \(error)")
        }
        let reader = ConfigReader(file: file)
        guard let root, let mapping = root.mapping else {
            throw reader.error(root, "a .flux.yaml must be a mapping with version and one of commandUpdated, patchUpdated, files")
        }
        let fields = try reader.fields(of: mapping, allowed: ["version", "commandUpdated", "patchUpdated", "files"], in: nil)
        guard let version = fields["version"] else {
            throw reader.error(root, "missing field \"version\" (must be 1)")
        }
        guard version.value.scalar?.style == .plain, version.value.int == 1 else {
            throw reader.error(version.value, "unsupported version \"\(version.value.string ?? "?")\": must be 1")
        }
        let variants = ["commandUpdated", "patchUpdated", "files"].filter { fields[$0] != nil }
        guard variants.count == 1, let variant = variants.first, let body = fields[variant] else {
            let message =
                variants.isEmpty
                ? "missing one of commandUpdated, patchUpdated or files"
                : "only one of commandUpdated, patchUpdated or files may be given (found \(variants.joined(separator: ", ")))"
            throw reader.error(variants.count > 1 ? fields[variants[1]]?.key : root, message)
        }
        let mode: Mode
        switch variant {
        case "commandUpdated":
            let section = try reader.mapping(body.value, field: "commandUpdated")
            let entries = try reader.fields(of: section, allowed: ["generators", "updaters"], in: "commandUpdated")
            let generators = try reader.generators(entries["generators"], parent: body.key, section: "commandUpdated")
            var updaters: [Updater] = []
            if let list = entries["updaters"] {
                for (index, item) in try reader.sequence(list.value, field: "commandUpdated.updaters").enumerated() {
                    let field = "commandUpdated.updaters[\(index)]"
                    let updater = try reader.fields(
                        of: try reader.mapping(item, field: field), allowed: ["containerImage", "policy"], in: field)
                    updaters.append(
                        Updater(
                            containerImage: try updater["containerImage"].map { entry throws(ManifestGenerationError) in
                                try reader.command(entry.value, field: "\(field).containerImage")
                            },
                            policy: try updater["policy"].map { entry throws(ManifestGenerationError) in
                                try reader.command(entry.value, field: "\(field).policy")
                            }))
                }
            }
            mode = .commandUpdated(generators: generators, updaters: updaters)
        case "patchUpdated":
            let section = try reader.mapping(body.value, field: "patchUpdated")
            let entries = try reader.fields(of: section, allowed: ["generators", "patchFile"], in: "patchUpdated")
            let generators = try reader.generators(entries["generators"], parent: body.key, section: "patchUpdated")
            guard let patchFile = entries["patchFile"] else {
                throw reader.error(body.key, "patchUpdated needs patchFile (the file Flux keeps its changes in)")
            }
            guard let path = patchFile.value.scalar?.string, !path.isEmpty else {
                throw reader.error(patchFile.value, "patchUpdated.patchFile must be a file name")
            }
            guard !path.hasPrefix("/"), !RepositoryPath.join(workingDirectory, path).hasPrefix("..") else {
                throw reader.error(patchFile.value, "patchUpdated.patchFile \"\(path)\" leaves the repository")
            }
            mode = .patchUpdated(generators: generators, patchFile: path, patchFileLine: patchFile.value.mark?.line ?? 1)
        default:
            if body.value.scalar?.tag.rawValue != Tag.Name.null.rawValue {
                let section = try reader.mapping(body.value, field: "files")
                _ = try reader.fields(of: section, allowed: [], in: "files")
            }
            mode = .files
        }
        return GenerationConfig(mode: mode, file: file, workingDirectory: workingDirectory)
    }
}

/// Reads the node tree of a `.flux.yaml`, producing errors with the node's line.
private struct ConfigReader {
    var file: String

    func error(_ node: Node?, _ message: String) -> ManifestGenerationError {
        ManifestGenerationError(.invalidConfig, file: file, line: node?.mark?.line, message: message)
    }

    func mapping(_ node: Node, field: String) throws(ManifestGenerationError) -> Node.Mapping {
        guard let mapping = node.mapping else { throw error(node, "\(field) must be a mapping") }
        return mapping
    }

    func sequence(_ node: Node, field: String) throws(ManifestGenerationError) -> Node.Sequence {
        guard let sequence = node.sequence else { throw error(node, "\(field) must be a list") }
        return sequence
    }

    /// The entries of a mapping by key, refusing unknown and repeated keys.
    func fields(of mapping: Node.Mapping, allowed: [String], in section: String?)
        throws(ManifestGenerationError) -> [String: (key: Node, value: Node)]
    {
        var result: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { throw error(key, "keys must be strings") }
            let qualified = section.map { "\($0).\(name)" } ?? name
            guard allowed.contains(name) else {
                let expected = allowed.isEmpty ? "no fields" : allowed.joined(separator: ", ")
                throw error(key, "unknown field \"\(qualified)\" (expected \(expected))")
            }
            guard result[name] == nil else { throw error(key, "field \"\(qualified)\" is given twice") }
            result[name] = (key, value)
        }
        return result
    }

    func generators(_ entry: (key: Node, value: Node)?, parent: Node, section: String)
        throws(ManifestGenerationError) -> [GenerationConfig.Command]
    {
        guard let entry else { throw error(parent, "\(section) needs generators (a list of {command: ...})") }
        var result: [GenerationConfig.Command] = []
        for (index, item) in try sequence(entry.value, field: "\(section).generators").enumerated() {
            result.append(try command(item, field: "\(section).generators[\(index)]"))
        }
        return result
    }

    func command(_ node: Node, field: String) throws(ManifestGenerationError) -> GenerationConfig.Command {
        let entries = try fields(of: try mapping(node, field: field), allowed: ["command"], in: field)
        guard let command = entries["command"] else { throw error(node, "\(field) needs a command") }
        guard let text = command.value.scalar?.string,
            !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else {
            throw error(command.value, "\(field).command must be a non-empty string")
        }
        return GenerationConfig.Command(command: text, line: command.value.mark?.line ?? 1)
    }
}

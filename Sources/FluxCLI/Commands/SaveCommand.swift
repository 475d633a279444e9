import ArgumentParser
import Foundation
import KubernetesModel
import Kustomize

/// `fluxctl save`: the cluster's workloads as clean manifests, to stdout or one file per
/// object under `-o DIR` (`DIR/<namespace>/<name>-<kind>.yaml`).
struct SaveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save", abstract: "Export the cluster's workloads as manifests for git")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: [.short, .customLong("out")], help: "Directory to write one file per object into (default: stdout)")
    var out: String?

    func run() async throws {
        let yaml = try await FluxConnection.with(connection) { api, _ in try await api.export() }
        guard let out else {
            Output.write(yaml)
            return
        }
        let documents = try JSONValue.yamlDocuments(yaml)
        let manager = FileManager.default
        var written = 0
        for document in documents {
            let object = document.value
            guard let kind = object.kind, let name = object.name else { continue }
            let directory = out + "/" + (object.namespace ?? "_cluster")
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = "\(directory)/\(name)-\(kind.lowercased()).yaml"
            try Data(Kustomizer.render([object]).utf8).write(to: URL(fileURLWithPath: path))
            written += 1
        }
        Output.progress("wrote \(written) manifest(s) under \(out)")
    }
}

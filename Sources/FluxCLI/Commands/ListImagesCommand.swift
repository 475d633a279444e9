import ArgumentParser
import FluxAPI
import Foundation
import KubernetesModel

/// `fluxctl list-images`: each container's image and the tags its policy allows, newest
/// first, the running one marked `->`.
struct ListImagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-images", abstract: "Show the images of workloads and the tags available for them")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: [.short, .customLong("workload")], help: "Only this workload (namespace:kind/name)")
    var workload: String?

    @Option(name: [.customShort("c"), .customLong("controller")], help: "(deprecated) same as --workload")
    var controller: String?

    @Option(
        name: [.short, .customLong("namespace")],
        help: "Namespace [the kubeconfig context's, else default]; with -w, fills in a workload ID without one")
    var namespace: String?

    @Option(name: [.short, .customLong("limit")], help: "Tags shown per image, 0 for all")
    var limit: Int = 10

    @Flag(name: .customLong("no-headers"), help: "Omit the header line")
    var noHeaders = false

    @Option(name: [.short, .customLong("output-format")], help: "tab or json")
    var output: OutputFormat = .tab

    func validate() throws {
        if workload != nil && controller != nil { throw ValidationError("can't specify both the controller and image") }
    }

    func run() async throws {
        let namespace = connection.workloadNamespace(self.namespace)
        let id = (workload ?? controller).map { WorkloadID.qualified($0, defaultNamespace: namespace) }
        let images = try await FluxConnection.with(connection) { api, _ in
            try await api.images(workload: id, namespace: id == nil ? namespace : nil)
        }
        if output == .json {
            Output.write(try Output.json(images))
            return
        }
        Output.write(Self.render(images, limit: limit, headers: !noHeaders))
    }

    static func render(_ images: [WorkloadImages], limit: Int, headers: Bool) -> String {
        var table = Table(headers: headers ? ["WORKLOAD", "CONTAINER", "IMAGE", "CREATED"] : nil)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "dd MMM yyyy HH:mm:ss 'UTC'"
        var notes = Set<String>()
        for workload in images {
            for (index, container) in workload.containers.enumerated() {
                table.rows.append([index == 0 ? workload.id : "", container.name, container.repository, ""])
                let currentTag = container.current.split(separator: ":").last.map(String.init) ?? ""
                if let error = container.policyError {
                    table.rows.append(["", "", "(invalid policy: \(error))", ""])
                    notes.insert("a container whose tag policy cannot be used gets no automated releases")
                }
                guard container.scanned else {
                    table.rows.append(["", "", "'-> \(currentTag)", "(not scanned)"])
                    notes.insert("image scanning has no results for some images yet; only the running image is shown")
                    continue
                }
                if let error = container.error { table.rows.append(["", "", "(scan error: \(error))", ""]) }
                let shown = limit > 0 ? Array(container.available.prefix(limit)) : container.available
                var currentShown = false
                for (position, tag) in shown.enumerated() {
                    let isCurrent = tag.tag == currentTag
                    currentShown = currentShown || isCurrent
                    let marker = isCurrent ? "'->" : (position == shown.count - 1 ? "   " : "|  ")
                    table.rows.append(["", "", "\(marker) \(tag.tag)", tag.created.map(formatter.string(from:)) ?? ""])
                }
                if !currentShown {
                    if container.available.count > shown.count {
                        table.rows.append(["", "", ":", ""])
                    }
                    table.rows.append([
                        "", "", "'-> \(currentTag)",
                        container.available.contains { $0.tag == currentTag } ? "" : "(not allowed by \(container.policy))",
                    ])
                }
            }
        }
        var text = table.render()
        for note in notes.sorted() { text += "note: \(note)\n" }
        return text
    }
}

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

    /// Flux v1's `outputImagesTab` (`cmd/fluxctl/format.go`): per container a line with its
    /// repository, then its tags newest first, `|  ` before the running one, `'->` at it,
    /// blank after it, at most `limit` (0: all) plus the running one, with `: (N image(s)
    /// omitted)` between; the running tag with `?` when the scan does not have it; dates as
    /// Go's RFC 822. SwiftFlux adds a policy or scan error line, and notes at the end.
    static func render(_ images: [WorkloadImages], limit: Int, headers: Bool) -> String {
        var table = Table(headers: headers ? ["WORKLOAD", "CONTAINER", "IMAGE", "CREATED"] : nil)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "dd MMM yy HH:mm 'UTC'"
        var notes = Set<String>()
        for workload in images {
            if workload.containers.isEmpty { table.rows.append([workload.id, "", "", ""]) }
            for (index, container) in workload.containers.enumerated() {
                let currentTag = Self.tag(of: container.current)
                // Flux v1's registry.ErrNoImageData when there is nothing to list.
                let noData = container.available.isEmpty ? (container.error ?? "image data not available") : ""
                table.rows.append([index == 0 ? workload.id : "", container.name, container.repository, noData])
                if let error = container.policyError {
                    table.rows.append(["", "", "(invalid policy: \(error))", ""])
                    notes.insert("a container whose tag policy cannot be used gets no automated releases")
                }
                if !container.scanned {
                    notes.insert("image scanning has no results for some images yet; only the running image is shown")
                } else if let error = container.error, !container.available.isEmpty {
                    table.rows.append(["", "", "(scan error: \(error))", ""])
                }
                var foundRunning = false
                for (position, available) in container.available.enumerated() {
                    let lineCount = position + 1
                    var marker = "|  "
                    if available.tag == currentTag {
                        marker = "'->"
                        foundRunning = true
                    } else if foundRunning {
                        marker = "   "
                    }
                    var printLine = limit <= 0 || lineCount <= limit
                    if !printLine && available.tag == currentTag {
                        printLine = true
                        if lineCount > limit + 1 {
                            table.rows.append(["", "", ": (\(lineCount - limit - 1) image(s) omitted)", ""])
                        }
                    }
                    if printLine {
                        table.rows.append(["", "", "\(marker) \(available.tag)", available.created.map(formatter.string(from:)) ?? ""])
                    }
                }
                if !foundRunning {
                    table.rows.append(["", "", "'-> \(currentTag.isEmpty ? "(untagged)" : currentTag)", "?"])
                }
            }
        }
        var text = table.render()
        for note in notes.sorted() { text += "note: \(note)\n" }
        return text
    }

    /// The tag of a reference as written (`""` when it has none).
    static func tag(of image: String) -> String {
        do {
            return try ImageReference(parsing: image).tag ?? ""
        } catch {
            // Not a reference: no tag to mark.
            return ""
        }
    }
}

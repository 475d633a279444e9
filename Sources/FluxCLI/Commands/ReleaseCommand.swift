import ArgumentParser
import FluxAPI
import Foundation
import KubernetesModel

/// `fluxctl release`: change image references in git, commit, push and apply; `--dry-run`
/// prints the plan and changes nothing.
struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Release new images: update workloads' images in git and apply")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: [.short, .customLong("workload")], help: "Workload to release (namespace:kind/name); repeatable")
    var workloads: [String] = []

    @Option(name: [.short, .customLong("namespace")], help: "Namespace of workload IDs given without one [default]")
    var namespace: String?

    @Flag(name: .customLong("all"), help: "Release every workload")
    var all = false

    @Option(name: [.short, .customLong("update-image")], help: "The image to release, repository:tag")
    var image: String?

    @Flag(name: .customLong("update-all-images"), help: "Release the newest image each workload's policy allows")
    var updateAllImages = false

    @Option(name: .customLong("exclude"), help: "Workload to leave alone; repeatable")
    var exclude: [String] = []

    @Flag(name: .customLong("dry-run"), help: "Print what would change; change nothing")
    var dryRun = false

    @Flag(name: [.short, .customLong("force")], help: "Release locked workloads too")
    var force = false

    @Flag(name: .customLong("watch"), help: "After the release, wait until the workloads have rolled out")
    var watch = false

    @Option(name: [.short, .customLong("message")], help: "Commit message (replaces the generated one)")
    var message: String?

    @Option(name: .customLong("user"), help: "Author, \"Name <email>\" (default: git config user.name/user.email)")
    var user: String?

    @Option(name: [.short, .customLong("output-format")], help: "tab or json")
    var output: OutputFormat = .tab

    @OptionGroup var wait: WaitOptions

    func validate() throws {
        if all == !workloads.isEmpty { throw ValidationError("give --workload (one or more) or --all") }
        if (image != nil) == updateAllImages { throw ValidationError("give --update-image (-i) or --update-all-images") }
    }

    func qualified(_ id: String) -> String { WorkloadID.qualified(id, defaultNamespace: namespace ?? "default") }

    func run() async throws {
        var user = self.user
        if user == nil { user = await GitUser.current() }
        let request = ReleaseRequest(
            workloads: workloads.map(qualified), all: all, image: image, updateAllImages: updateAllImages,
            exclude: exclude.map(qualified), force: force, dryRun: dryRun, cause: Cause(user: user, message: message))
        try await FluxConnection.with(connection) { api, timeout in
            let job = try await api.release(request)
            if wait.noWait {
                Output.write("Job: \(job.id)\n")
                return
            }
            let status: JobStatus
            do {
                status = try await api.finish(job, timeout: timeout)
            } catch let failed as JobFailed {
                if let result = failed.status.result { Output.write(render(result, dryRun: dryRun)) }
                throw CLIError(failed.description)
            }
            let result = status.result ?? JobResult()
            if output == .json {
                Output.write(try Output.json(result))
            } else {
                Output.write(render(result, dryRun: dryRun))
            }
            if watch && !dryRun, let changes = result.changes, !changes.isEmpty {
                try await watchRollout(api: api, changes: changes, timeout: timeout)
            }
        }
    }

    /// WORKLOAD, STATUS, UPDATES (as Flux v1 printed a release).
    func render(_ result: JobResult, dryRun: Bool) -> String {
        var table = Table(headers: ["WORKLOAD", "STATUS", "UPDATES"])
        let grouped = Dictionary(grouping: result.changes ?? [], by: \.workload)
        for workload in grouped.keys.sorted() {
            for (index, change) in (grouped[workload] ?? []).enumerated() {
                table.rows.append([
                    index == 0 ? workload : "", index == 0 ? (dryRun ? "planned" : "success") : "",
                    "\(change.container): \(change.from) -> \(change.to)",
                ])
            }
        }
        for skipped in result.skipped ?? [] { table.rows.append([skipped.workload, "skipped", skipped.reason]) }
        var text = table.rows.isEmpty ? "Nothing to release.\n" : table.render()
        if let revision = result.revision, !dryRun, !(result.changes ?? []).isEmpty {
            text += "Commit pushed: \(revision.prefix(7))\n"
        }
        return text
    }

    /// Polls until every changed workload runs its new images and reports ready.
    func watchRollout(api: FluxAPIClient, changes: [ImageChange], timeout: Duration) async throws {
        Output.progress("Monitoring rollout ...")
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        let wanted = Dictionary(grouping: changes, by: \.workload)
        while true {
            let statuses = try await api.workloads(namespace: nil)
            let pending = wanted.keys.sorted().filter { id in
                guard let status = statuses.first(where: { $0.id == id }) else { return true }
                let imagesDone = (wanted[id] ?? []).allSatisfy { change in
                    status.containers.contains { $0.name == change.container && $0.image == change.to }
                }
                return !(imagesDone && status.rollout.state == "ready")
            }
            if pending.isEmpty {
                Output.write("All workloads are ready.\n")
                return
            }
            guard clock.now < deadline else {
                throw CLIError("rollout of \(pending.joined(separator: ", ")) not finished within \(timeout) (--timeout)")
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }
}

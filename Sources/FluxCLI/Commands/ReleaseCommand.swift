import ArgumentParser
import FluxAPI
import Foundation
import KubernetesModel

/// `fluxctl release`: change image references in git, commit, push and apply; `--dry-run`
/// prints the plan and changes nothing; `--interactive` lets the user pick from the plan.
/// Flags as Flux v1's `cmd/fluxctl/release_cmd.go` (`-w` is `--watch`).
struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Release new images: update workloads' images in git and apply",
        discussion: """
            Examples:
              fluxctl release -n default --workload=deployment/foo --update-image=library/hello:v2
              fluxctl release --all --update-image=library/hello:v2
              fluxctl release --workload=default:deployment/foo --update-all-images
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("workload"), help: "Workloads to release, namespace:kind/name (repeatable or comma-separated)")
    var workloads: [String] = []

    @Option(name: [.customShort("c"), .customLong("controller")], help: "(deprecated) same as --workload")
    var controllers: [String] = []

    @Option(
        name: [.short, .customLong("namespace")],
        help: "Namespace of workload IDs given without one [the kubeconfig context's, else default]")
    var namespace: String?

    @Flag(name: .customLong("all"), help: "Release every workload")
    var all = false

    @Option(name: [.short, .customLong("update-image")], help: "The image to release, repository:tag")
    var image: String?

    @Flag(name: .customLong("update-all-images"), help: "Release the newest image each workload's policy allows")
    var updateAllImages = false

    @Option(name: .customLong("exclude"), help: "Workloads to leave alone (repeatable or comma-separated)")
    var exclude: [String] = []

    @Flag(name: .customLong("dry-run"), help: "Print what would change; change nothing")
    var dryRun = false

    @Flag(name: .customLong("interactive"), help: "Choose from the planned changes in a terminal menu")
    var interactive = false

    @Flag(name: [.short, .customLong("force")], help: "Release locked workloads too (no effect with --all and --update-all-images)")
    var force = false

    @Flag(name: [.customShort("w"), .customLong("watch")], help: "After the release, watch the rollout until the workloads are ready")
    var watch = false

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Include skipped (and, with -vv, ignored) workloads in the output")
    var verbosity: Int

    @Option(name: [.short, .customLong("message")], help: "Commit message (replaces the generated one)")
    var message: String?

    @Option(name: .customLong("user"), help: "Author, \"Name <email>\" (default: git config user.name/user.email)")
    var user: String?

    @Option(name: [.short, .customLong("output-format")], help: "tab or json")
    var output: OutputFormat = .tab

    @OptionGroup var wait: WaitOptions

    /// Flux v1's checks, with its messages.
    func validate() throws {
        if (image != nil) == updateAllImages {
            throw ValidationError("please supply exactly one of --update-image=<image> or --update-all-images")
        }
        if allWorkloads.isEmpty && !all {
            throw ValidationError("please supply either --all, or at least one --workload=<workload>")
        }
        if watch && dryRun { throw ValidationError("cannot use --watch with --dry-run") }
        if force && all && updateAllImages {
            throw ValidationError("--force has no effect when used with --all and --update-all-images")
        }
        // Refused here, before fluxd is asked, as Flux v1's fluxctl did (`update.ParseImageSpec`).
        if let image {
            do throws(ImageReferenceError) {
                _ = try ImageReference(releasing: image)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    /// The IDs as fluxd gets them: qualified with `namespace`, each checked (Flux v1's fluxctl
    /// refused a bad ID before asking fluxd, `resource.ParseIDOptionalNamespace`).
    func checkedIDs(_ ids: [String], in namespace: String) throws -> [String] {
        try ids.map { id in
            let qualified = qualified(id, in: namespace)
            do throws(WorkloadIDError) {
                _ = try WorkloadID(validating: qualified)
            } catch {
                throw CLIError(error.description)
            }
            return qualified
        }
    }

    var allWorkloads: [String] { Self.split(workloads + controllers) }

    static func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    func qualified(_ id: String, in namespace: String) -> String { WorkloadID.qualified(id, defaultNamespace: namespace) }

    /// What fluxctl asks fluxd for (Flux v1's `ReleaseImageSpec`): IDs without a namespace
    /// take `namespace`; `--interactive` plans first.
    func releaseRequest(namespace: String, user: String?) throws -> ReleaseRequest {
        ReleaseRequest(
            workloads: all ? [] : try checkedIDs(allWorkloads, in: namespace), all: all, image: image,
            updateAllImages: updateAllImages, exclude: try checkedIDs(Self.split(exclude), in: namespace), force: force,
            dryRun: dryRun || interactive, cause: Cause(user: user, message: message))
    }

    func run() async throws {
        if force && all { Output.progress("Warning: --force will not ignore locked workloads when used with --all") }
        if force && updateAllImages {
            Output.progress("Warning: --force will not ignore container image tags when used with --update-all-images")
        }
        var user = self.user
        if user == nil { user = await GitUser.current() }
        var request = try releaseRequest(namespace: connection.workloadNamespace(self.namespace), user: user)
        try await FluxConnection.with(connection) { api, timeout in
            Output.progress(request.dryRun ? "Submitting dry-run release ..." : "Submitting release ...")
            var result = try await submit(request, api: api, timeout: timeout)
            if interactive {
                guard let chosen = try choose(from: result) else { return }
                Output.progress("Submitting selected release ...")
                request.dryRun = false
                request.containers = chosen
                result = try await submit(request, api: api, timeout: timeout)
            }
            guard let result else { return }
            if output == .json {
                Output.write(try Output.json(result))
            } else {
                Output.write(ReleaseOutput.render(result, verbosity: verbosity))
            }
            Output.commit(result)
            if watch, let changes = result.changes, !changes.isEmpty {
                try await watchRollout(api: api, changes: changes, timeout: timeout)
            }
        }
    }

    /// Starts the release job and waits for it (unless `--no-wait`); `nil` when not waiting.
    func submit(_ request: ReleaseRequest, api: FluxAPIClient, timeout: Duration) async throws -> JobResult? {
        let job = try await api.release(request)
        if wait.noWait && !(interactive && request.dryRun) {
            Output.write("Job: \(job.id)\n")
            return nil
        }
        do {
            return try await api.finish(job, timeout: timeout).result ?? JobResult()
        } catch let failed as JobFailed {
            if let result = failed.status.result {
                Output.write(ReleaseOutput.render(result, verbosity: verbosity))
            }
            throw CLIError(failed.description)
        }
    }

    /// The terminal menu over a plan: the changes the user keeps, or `nil` when there is
    /// nothing to release or the user aborted (both reported on stderr, as Flux v1 did).
    func choose(from plan: JobResult?) throws -> [ImageChange]? {
        var menu = ReleaseMenu(result: plan ?? JobResult(), verbosity: verbosity)
        guard !menu.checkable.isEmpty else {
            Output.progress("No changes found.")
            return nil
        }
        guard let terminal = Terminal() else {
            throw CLIError("--interactive needs a terminal (standard input and output); use --dry-run to see the plan")
        }
        defer { terminal.restore() }
        terminal.draw(menu.render())
        while true {
            switch menu.handle(ReleaseMenu.key(terminal.readKey())) {
            case .open:
                terminal.draw(menu.render())
            case .aborted:
                Output.progress("Aborted.")
                return nil
            case .accepted(let changes):
                guard !changes.isEmpty else {
                    Output.progress("No changes selected.")
                    return nil
                }
                return changes
            }
        }
    }

    /// Prints the changed workloads' rollout every 2 seconds until all are ready, as Flux v1's
    /// `--watch` did; gives up after `--timeout`.
    func watchRollout(api: FluxAPIClient, changes: [ImageChange], timeout: Duration) async throws {
        Output.progress("Monitoring rollout ...")
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        let wanted = Dictionary(grouping: changes, by: \.workload)
        while true {
            let statuses = try await api.workloads(namespace: nil).filter { wanted[$0.id] != nil }
            var table = Table(headers: ["WORKLOAD", "CONTAINER", "IMAGE", "RELEASE", "REPLICAS"])
            for status in statuses {
                let replicas = "\(status.rollout.updated ?? 0)/\(status.rollout.desired ?? 0)"
                let outdated = (status.rollout.desired ?? 0) - (status.rollout.updated ?? 0)
                let detail = verbosity > 0 ? " (\(max(outdated, 0)) outdated, \(status.rollout.ready ?? 0) ready)" : ""
                for (index, container) in status.containers.enumerated() {
                    table.rows.append(
                        index == 0
                            ? [status.id, container.name, container.image, status.rollout.state, replicas + detail]
                            : ["", container.name, container.image, "", ""])
                }
            }
            Output.write(table.render() + "\n")
            let pending = wanted.keys.sorted().filter { id in
                guard let status = statuses.first(where: { $0.id == id }) else { return true }
                let imagesDone = (wanted[id] ?? []).allSatisfy { change in
                    status.containers.contains { $0.name == change.container && $0.image == change.to }
                }
                return !(imagesDone && status.rollout.state == "ready")
            }
            if pending.isEmpty {
                Output.progress("All workloads ready.")
                return
            }
            guard clock.now < deadline else {
                throw CLIError("rollout of \(pending.joined(separator: ", ")) not finished within \(timeout) (--timeout)")
            }
            try await Task.sleep(for: .seconds(2))
        }
    }
}

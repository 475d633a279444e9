import ArgumentParser
import FluxAPI
import ImagePolicy

/// `fluxctl list-workloads`: WORKLOAD, CONTAINER, IMAGE, RELEASE, POLICY (Flux v1's columns),
/// then HEALTH (kstatus's verdict, with its reason when not `Current`).
struct ListWorkloadsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-workloads", abstract: "List the workloads in the cluster, their images, rollout and policies",
        aliases: ["list-controllers"])

    @OptionGroup var connection: ConnectionOptions

    @Option(name: [.short, .customLong("namespace")], help: "Namespace to list [the kubeconfig context's, else default]")
    var namespace: String?

    @Flag(name: [.short, .customLong("all-namespaces")], help: "List every namespace")
    var allNamespaces = false

    @Option(name: [.short, .customLong("container")], help: "Show only the workloads that have this container")
    var container: String?

    @Flag(name: .customLong("no-headers"), help: "Omit the header line")
    var noHeaders = false

    @Option(name: [.short, .customLong("output-format")], help: "tab or json")
    var output: OutputFormat = .tab

    func run() async throws {
        let workloads = try await FluxConnection.with(connection) { api, _ in
            try await api.workloads(namespace: allNamespaces ? nil : connection.workloadNamespace(namespace))
        }
        // `-c`: the workloads that have the container, shown whole (Flux v1's filterByContainerName).
        let shown = workloads.filter { workload in container.map { name in workload.containers.contains { $0.name == name } } ?? true }
        if output == .json {
            Output.write(try Output.json(shown))
            return
        }
        var table = Table(headers: noHeaders ? nil : ["WORKLOAD", "CONTAINER", "IMAGE", "RELEASE", "POLICY", "HEALTH"])
        for workload in shown {
            let release = Self.release(workload.rollout)
            let policy = Self.policy(workload.policies)
            let health = Self.health(workload.health)
            let containers = workload.containers.isEmpty ? [ContainerStatus(name: "", image: "")] : workload.containers
            for (index, container) in containers.enumerated() {
                table.rows.append(
                    index == 0
                        ? [workload.id, container.name, container.image, release, policy, health]
                        : ["", container.name, container.image, "", "", ""])
            }
        }
        Output.write(table.render())
        let errors = shown.flatMap { $0.policyErrors ?? [] }
        if !errors.isEmpty { Output.progress(errors.map { "error: \($0)" }.joined(separator: "\n")) }
    }

    static func release(_ rollout: RolloutStatus) -> String {
        guard let desired = rollout.desired else { return rollout.state }
        return "\(rollout.state) \(rollout.ready ?? 0)/\(desired)"
    }

    /// `Current`, or the status and its reason: `Failed (ProgressDeadlineExceeded)`.
    static func health(_ health: HealthSummary?) -> String {
        guard let health else { return "" }
        guard !health.isHealthy, let reason = health.reason else { return health.status }
        return "\(health.status) (\(reason))"
    }

    /// `automated`, `locked`, `ignore`, as Flux v1 showed them, read by the one policy model
    /// from the API's prefix-less policy map.
    static func policy(_ policies: [String: String]) -> String {
        var annotations: [String: String] = [:]
        for (name, value) in policies {
            if let policy = PolicyName(name) { annotations[PolicyAnnotation.key(for: policy)] = value }
        }
        let model = WorkloadPolicies(annotations: annotations)
        var names: [String] = []
        if model.automated { names.append("automated") }
        if model.locked { names.append("locked") }
        if model.ignore != .none { names.append("ignore") }
        return names.joined(separator: ",")
    }
}

import ArgumentParser
import CommandRunner
import FluxAPI
import Foundation
import ImagePolicy
import KubernetesModel

/// The options every policy command shares (Flux v1's `-w`, `-c`, `-n`, `-m`, `--user`, `-v`).
struct PolicyTarget: ParsableArguments {
    @Option(name: [.short, .customLong("workload")], help: "Workload ID, namespace:kind/name")
    var workload: String?

    @Option(name: [.customShort("c"), .customLong("controller")], help: "(deprecated) same as --workload")
    var controller: String?

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Include skipped (and ignored, with -vv) workloads in the output")
    var verbosity: Int

    @Option(
        name: [.short, .customLong("namespace")],
        help: "Namespace of a workload ID given without one [the kubeconfig context's, else default]")
    var namespace: String?

    @Option(name: [.short, .customLong("message")], help: "Commit message (replaces the generated one)")
    var message: String?

    @Option(name: .customLong("user"), help: "Author, \"Name <email>\" (default: git config user.name/user.email)")
    var user: String?

    @OptionGroup var wait: WaitOptions

    /// Flux v1's checks, with its messages.
    func validate() throws {
        switch (workload, controller) {
        case (nil, nil): throw ValidationError("-w, --workload is required")
        case (.some, .some): throw ValidationError("can't specify both the controller and workload")
        default: break
        }
    }

    /// The workload's ID; one given without a namespace takes `-n`, else the kubeconfig
    /// context's namespace, else `default` (Flux v1's rule).
    func workloadID(_ connection: ConnectionOptions) -> String {
        WorkloadID.qualified(workload ?? controller ?? "", defaultNamespace: connection.workloadNamespace(namespace))
    }

    func cause() async -> Cause {
        var user = self.user
        if user == nil { user = await GitUser.current() }
        return Cause(user: user, message: message)
    }
}

/// Sends a policy change and reports the commit.
enum PolicyRun {
    static func run(_ update: PolicyUpdate, target: PolicyTarget, cause: Cause, connection: ConnectionOptions) async throws {
        try await FluxConnection.with(connection) { api, timeout in
            let job = try await api.updatePolicies(PolicyRequest(updates: [update], cause: cause))
            if target.wait.noWait {
                Output.write("Job: \(job.id)\n")
                return
            }
            do {
                let status = try await api.finish(job, timeout: timeout)
                if let result = status.result, result.revision != nil {
                    Output.commit(result)
                } else {
                    Output.write("Nothing to change: \(update.workload) already has these policies\n")
                }
            } catch let failed as JobFailed {
                throw CLIError(failed.description)
            }
        }
    }
}

struct AutomateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "automate", abstract: "Turn on image automation for a workload (fluxcd.io/automated in git)")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var target: PolicyTarget

    func run() async throws {
        try await PolicyRun.run(
            PolicyUpdate(workload: target.workloadID(connection), add: ["automated": "true"]), target: target, cause: await target.cause(),
            connection: connection)
    }
}

struct DeautomateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deautomate", abstract: "Turn off image automation for a workload")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var target: PolicyTarget

    func run() async throws {
        try await PolicyRun.run(
            PolicyUpdate(workload: target.workloadID(connection), remove: ["automated"]), target: target, cause: await target.cause(),
            connection: connection)
    }
}

struct LockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock", abstract: "Lock a workload: no automation, no release without --force")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var target: PolicyTarget

    func run() async throws {
        let cause = await target.cause()
        var add = ["locked": "true"]
        if let user = cause.user { add["locked_user"] = user }
        if let message = target.message { add["locked_msg"] = message }
        try await PolicyRun.run(
            PolicyUpdate(workload: target.workloadID(connection), add: add), target: target, cause: cause, connection: connection)
    }
}

struct UnlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Unlock a workload")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var target: PolicyTarget

    func run() async throws {
        try await PolicyRun.run(
            PolicyUpdate(workload: target.workloadID(connection), remove: ["locked", "locked_user", "locked_msg"]), target: target,
            cause: await target.cause(), connection: connection)
    }
}

/// `fluxctl policy`: any combination of policy changes in one commit.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Change a workload's policies: automation, lock, tag filters")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var target: PolicyTarget

    @Flag(name: .customLong("automate")) var automate = false
    @Flag(name: .customLong("deautomate")) var deautomate = false
    @Flag(name: .customLong("lock")) var lock = false
    @Flag(name: .customLong("unlock")) var unlock = false
    @Option(name: .customLong("tag"), help: "container=pattern (glob:, semver:, regex:); repeatable; an empty pattern removes")
    var tags: [String] = []
    @Option(name: .customLong("tag-all"), help: "Pattern for every container")
    var tagAll: String?

    func validate() throws {
        if automate && deautomate { throw ValidationError("--automate and --deautomate exclude each other") }
        if lock && unlock { throw ValidationError("--lock and --unlock exclude each other") }
        for tag in tagPairs where !tag.contains("=") || tag.hasPrefix("=") {
            throw ValidationError("--tag \"\(tag)\": expected container=pattern")
        }
        if !automate && !deautomate && !lock && !unlock && tags.isEmpty && tagAll == nil {
            throw ValidationError("nothing to change: give --automate, --deautomate, --lock, --unlock, --tag or --tag-all")
        }
        // Patterns are checked here as fluxd checks them, so a bad one never reaches git.
        var patterns = tagPairs.map { tag in
            (flag: "--tag \"\(tag)\"", pattern: String(tag.split(separator: "=", maxSplits: 1).dropFirst().first ?? ""))
        }
        if let tagAll { patterns.append((flag: "--tag-all \"\(tagAll)\"", pattern: tagAll)) }
        for (flag, pattern) in patterns where !pattern.isEmpty {
            do {
                _ = try TagPolicy(parsing: pattern)
            } catch {
                throw ValidationError("\(flag): \(error)")
            }
        }
    }

    /// `--tag` values as Flux v1's fluxctl took them (a string slice): `a=1.*,b=2.*` is two
    /// pairs; a value whose comma-separated parts are not all `container=…` (a regex with
    /// `{1,2}`) is one pair.
    var tagPairs: [String] {
        tags.flatMap { value -> [String] in
            let parts = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let allPairs = parts.count > 1 && parts.allSatisfy { $0.contains("=") && !$0.hasPrefix("=") }
            return allPairs ? parts : [value]
        }
    }

    /// What fluxd is asked to change, as Flux v1's `calculatePolicyChanges`: `--tag c=*` (or
    /// an empty pattern) removes the container's tag policy. Other patterns are sent as given
    /// (Flux v1's fluxctl added `glob:` to a pattern without prefix; see
    /// docs/migrating-from-flux-v1.md).
    func policyUpdate(workload: String, user: String?) -> PolicyUpdate {
        var update = PolicyUpdate(workload: workload)
        if automate { update.add["automated"] = "true" }
        if deautomate { update.remove.append("automated") }
        if lock {
            update.add["locked"] = "true"
            if let user { update.add["locked_user"] = user }
            if let message = target.message { update.add["locked_msg"] = message }
        }
        if unlock { update.remove += ["locked", "locked_user", "locked_msg"] }
        for tag in tagPairs {
            let parts = tag.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let container = String(parts[0])
            let pattern = parts.count > 1 ? String(parts[1]) : ""
            if pattern.isEmpty || pattern == "*" {
                update.remove.append("tag.\(container)")
            } else {
                update.add["tag.\(container)"] = pattern
            }
        }
        if let tagAll, !tagAll.isEmpty { update.add["tag_all"] = tagAll }
        return update
    }

    func run() async throws {
        let cause = await target.cause()
        let update = policyUpdate(workload: target.workloadID(connection), user: cause.user)
        try await PolicyRun.run(update, target: target, cause: cause, connection: connection)
    }
}

/// The local git identity, used as the default `--user` (as Flux v1's fluxctl did).
enum GitUser {
    static func current() async -> String? {
        func config(_ key: String) async -> String? {
            // Deliberate: without git or its config there is no default user; --user still works.
            guard let result = try? await Command.run("git", arguments: ["config", "--get", key], timeout: .seconds(10)),
                result.succeeded
            else { return nil }
            let text = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        guard let name = await config("user.name") else { return nil }
        if let email = await config("user.email") { return "\(name) <\(email)>" }
        return name
    }
}

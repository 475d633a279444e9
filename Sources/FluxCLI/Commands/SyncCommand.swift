import ArgumentParser
import FluxAPI
import KubernetesModel

/// `fluxctl sync`: fetch git now, apply the head, print the revision applied; with
/// `--wait-healthy`, then wait for the revision's objects to become healthy.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Synchronize the cluster with the git repository, now")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var wait: WaitOptions

    @Flag(
        name: .customLong("wait-healthy"),
        help: "Then wait (up to --timeout) until every object of the revision is healthy; exit non-zero naming each one that is not")
    var waitHealthy = false

    func validate() throws {
        if waitHealthy && wait.noWait { throw ValidationError("--wait-healthy and --no-wait exclude each other") }
    }

    func run() async throws {
        try await FluxConnection.with(connection) { api, timeout in
            let version = try await api.version()
            // fluxd sends the URL without credentials; redacted again in case an older one did not.
            let url = version.gitURL.map(CredentialRedaction.redact) ?? "git"
            Output.write("Synchronizing with \(url) (branch \(version.gitBranch ?? "?"))\n")
            let job = try await api.sync()
            if wait.noWait {
                Output.write("Job: \(job.id)\n")
                return
            }
            do {
                let status = try await api.finish(job, timeout: timeout)
                let sync = status.result?.sync
                Output.write("Revision applied: \(status.result?.revision ?? "unknown")\n")
                if let sync {
                    Output.write(
                        "created \(sync.created), configured \(sync.configured), unchanged \(sync.unchanged), pruned \(sync.pruned)\n")
                }
                if waitHealthy, let revision = status.result?.revision ?? sync?.revision {
                    let report = try await HealthWaiting.wait(api, revision: revision, timeout: timeout)
                    Output.write("All \(report.objects.count) objects of revision \(revision.prefix(7)) are healthy.\n")
                }
                Output.write("Done.\n")
            } catch let failed as JobFailed {
                if let revision = failed.status.result?.revision { Output.progress("Revision: \(revision)") }
                throw CLIError(failed.description)
            }
        }
    }
}

import ArgumentParser
import FluxAPI
import KubernetesModel

/// `fluxctl sync`: fetch git now, apply the head, and say so on stderr with Flux v1's lines
/// (`Synchronizing with <url>`, `Revision of <branch> to apply is <rev>`, `Waiting for <rev>
/// to be applied ...`, `Done.`) plus what the sync did; with `--wait-healthy`, then wait for
/// the revision's objects to become healthy (the verdict on stdout).
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
            Output.progress("Synchronizing with \(url)")
            let job = try await api.sync()
            if wait.noWait {
                Output.write("Job: \(job.id)\n")
                return
            }
            do {
                let status = try await api.finish(job, timeout: timeout)
                let sync = status.result?.sync
                if let revision = status.result?.revision {
                    Output.progress("Revision of \(version.gitBranch ?? "the branch") to apply is \(revision.prefix(7))")
                    Output.progress("Waiting for \(revision.prefix(7)) to be applied ...")
                }
                if let sync {
                    Output.progress(
                        "created \(sync.created), configured \(sync.configured), unchanged \(sync.unchanged), pruned \(sync.pruned)")
                }
                if waitHealthy, let revision = status.result?.revision ?? sync?.revision {
                    let report = try await HealthWaiting.wait(api, revision: revision, timeout: timeout)
                    Output.write("All \(report.objects.count) objects of revision \(revision.prefix(7)) are healthy.\n")
                }
                Output.progress("Done.")
            } catch let failed as JobFailed {
                if let revision = failed.status.result?.revision { Output.progress("Revision: \(revision)") }
                throw CLIError(failed.description)
            }
        }
    }
}

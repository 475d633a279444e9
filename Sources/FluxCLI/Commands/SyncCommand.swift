import ArgumentParser
import FluxAPI
import KubernetesModel

/// `fluxctl sync`: fetch git now, apply the head, print the revision applied.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Synchronize the cluster with the git repository, now")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var wait: WaitOptions

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
                Output.write("Done.\n")
            } catch let failed as JobFailed {
                if let revision = failed.status.result?.revision { Output.progress("Revision: \(revision)") }
                throw CLIError(failed.description)
            }
        }
    }
}

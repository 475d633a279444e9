/// The fluxd command line for the installed Deployment. Every argument is a flag fluxd's
/// `DaemonOptions` accepts (a test parses them with fluxd's own parser); booleans are bare
/// flags because fluxd's parser takes no `=true`.
enum DaemonArguments {
    static func make(_ parameters: ValidatedParameters) -> [String] {
        var arguments = [
            "--git-url=\(parameters.gitURL)",
            "--git-branch=\(parameters.gitBranch)",
        ]
        if !parameters.gitPaths.isEmpty {
            arguments.append("--git-path=\(parameters.gitPaths.joined(separator: ","))")
        }
        arguments += [
            "--git-label=\(parameters.gitLabel)",
            "--git-user=\(parameters.gitUser)",
            "--git-email=\(parameters.gitEmail)",
        ]
        if parameters.gitReadonly {
            // fluxd then records the applied revision on the deploy-key Secret (--sync-state=secret).
            arguments.append("--git-readonly")
        }
        if parameters.manifestGeneration {
            arguments.append("--manifest-generation")
        }
        if parameters.registryDisableScanning {
            // fluxd has no separate switch: excluding every image is what disabling scanning means.
            arguments.append("--registry-exclude-image=*")
        }
        arguments += [
            "--k8s-secret-name=\(InstallNames.deployKeySecret)",
            // An emptyDir: the image-scan cache survives a container restart, not a new pod.
            "--state-dir=\(InstallNames.stateDirectory)",
            "--listen=:\(InstallNames.apiPort)",
            "--listen-metrics=:\(InstallNames.metricsPort)",
        ]
        return arguments
    }
}

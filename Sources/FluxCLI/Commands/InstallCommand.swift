import ArgumentParser
import FluxAPI
import FluxInstall

/// `fluxctl install`: prints (or writes) the manifests that install fluxd, with the flags of
/// Flux v1's `fluxctl install`. Nothing is sent to a cluster: pipe the output to
/// `kubectl apply -f -` or commit it.
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Print the Kubernetes manifests that install fluxd in a cluster.",
        discussion: """
            Example:
              fluxctl install --git-url=git@github.com:org/cluster --git-email=flux@example.com \\
                --git-path=namespaces,workloads | kubectl apply -f -
            Then add the deploy key printed by `fluxctl identity` to the repository.
            """)

    @Option(name: .customLong("git-url"), help: "URL of the git repository fluxd syncs (required)")
    var gitURL: String?

    /// fluxctl's global flags are accepted here too, as in Flux v1, and not used.
    @OptionGroup(visibility: .private) var connection: ConnectionOptions
    @Option(name: .customLong("git-branch"), help: "Branch fluxd follows and pushes to")
    var gitBranch: String = "master"
    @Option(
        name: [.customLong("git-path"), .customLong("git-paths")],
        help: "Relative path of manifests in the repository (repeatable or comma-separated)")
    var gitPath: [String] = []
    @Option(name: .customLong("git-label"), help: "Tag marking the last commit fluxd applied")
    var gitLabel: String = "flux"
    @Option(name: .customLong("git-user"), help: "Committer name of commits fluxd makes")
    var gitUser: String = "Flux"
    @Option(name: .customLong("git-email"), help: "Committer email of commits fluxd makes (required)")
    var gitEmail: String?
    @Flag(name: .customLong("git-readonly"), help: "fluxd never pushes to the repository")
    var gitReadonly: Bool = false
    @Flag(name: .customLong("manifest-generation"), help: "Honour .flux.yaml manifest generators")
    var manifestGeneration: Bool = false
    @Option(name: .customLong("namespace"), help: "Namespace to install fluxd in")
    var namespace: String = "flux"
    @Flag(name: .customLong("registry-disable-scanning"), help: "fluxd scans no image registry")
    var registryDisableScanning: Bool = false
    @Option(
        name: .customLong("add-security-context"),
        help: "Run fluxd unprivileged with a read-only root filesystem (true or false)")
    var addSecurityContext: Bool = true
    @Option(name: .customLong("image"), help: "fluxd image (default: \(Self.defaultImage))")
    var image: String?
    @Option(
        name: [.customShort("o"), .customLong("output-dir")],
        help: "Write one file per object into this directory instead of printing a YAML stream")
    var outputDir: String?

    static var defaultImage: String { SwiftFluxVersion.image }

    var parameters: InstallParameters {
        var parameters = InstallParameters(image: image ?? Self.defaultImage)
        parameters.gitURL = gitURL
        parameters.gitBranch = gitBranch
        parameters.gitPaths = gitPath
        parameters.gitLabel = gitLabel
        parameters.gitUser = gitUser
        parameters.gitEmail = gitEmail
        parameters.gitReadonly = gitReadonly
        parameters.manifestGeneration = manifestGeneration
        parameters.namespace = namespace
        parameters.registryDisableScanning = registryDisableScanning
        parameters.addSecurityContext = addSecurityContext
        return parameters
    }

    /// Flag mistakes are usage errors: ArgumentParser prints them with this command's usage.
    func validate() throws {
        do {
            _ = try InstallManifests.render(parameters)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let manifests = try InstallManifests.render(parameters)
        if let outputDir {
            try InstallManifests.write(manifests, toDirectory: outputDir)
        } else {
            print(InstallManifests.yamlStream(manifests), terminator: "")
        }
    }
}

import FluxDaemon
import KubernetesModel
import Testing

@testable import FluxInstall

/// The Deployment's arguments go through fluxd's own parser and validation: every flag the
/// installer writes is one fluxd really accepts, with the meaning the installer intends.
@Suite struct DaemonArgumentsTests {
    static func configuration(_ change: (inout InstallParameters) -> Void = { _ in }) throws -> DaemonConfiguration {
        let arguments = try render(change).only("Deployment").arguments
        let options = try DaemonOptions.parse(arguments)
        return try DaemonConfiguration(options: options)
    }

    @Test func defaultArgumentsMakeAValidConfiguration() throws {
        let configuration = try Self.configuration()
        #expect(configuration.git.url?.description == "git@github.com:org/cluster")
        #expect(configuration.git.branch == "master")
        #expect(configuration.git.paths.isEmpty)
        #expect(configuration.git.syncTag == "flux")
        #expect(configuration.git.user == "Flux")
        #expect(configuration.git.email == "flux@example.com")
        #expect(!configuration.git.readonly)
        #expect(configuration.sync.state == .git)
        #expect(configuration.kubernetes.secretName == "flux-git-deploy")
        #expect(configuration.listen == ":3030")
        #expect(configuration.listenMetrics == ":3031")
        #expect(configuration.embedded == nil)
    }

    @Test func everyFlagSurvivesFluxdsParser() throws {
        let configuration = try Self.configuration { parameters in
            parameters.gitURL = "https://git.example.com/org/repo.git"
            parameters.gitBranch = "release/v2"
            parameters.gitPaths = ["clusters/prod", "apps,infra"]
            parameters.gitLabel = "prod-sync"
            parameters.gitUser = "Prod Bot"
            parameters.gitEmail = "prod@example.com"
            parameters.gitReadonly = true
            parameters.registryDisableScanning = true
            parameters.namespace = "gitops"
        }
        #expect(configuration.git.url?.description == "https://git.example.com/org/repo.git")
        #expect(configuration.git.branch == "release/v2")
        #expect(configuration.git.paths == ["clusters/prod", "apps", "infra"])
        #expect(configuration.git.syncTag == "prod-sync")
        #expect(configuration.git.user == "Prod Bot")
        #expect(configuration.git.email == "prod@example.com")
        #expect(configuration.git.readonly)
        #expect(configuration.sync.state == .secret, "--git-readonly records the revision on the deploy-key Secret")
    }

    @Test func registryDisableScanningExcludesEveryImage() throws {
        let arguments = try render { $0.registryDisableScanning = true }.only("Deployment").arguments
        let options = try DaemonOptions.parse(arguments)
        #expect(options.registryExcludeImage == ["*"])
        #expect(Glob.matches(pattern: "*", "ghcr.io/org/any-image"))
        let plain = try DaemonOptions.parse(try render().only("Deployment").arguments)
        #expect(plain.registryExcludeImage.isEmpty)
    }

    @Test func manifestGenerationIsAFlagFluxdParses() throws {
        // Whether fluxd supports generators yet is fluxd's business; the flag must parse.
        let options = try DaemonOptions.parse(try render { $0.manifestGeneration = true }.only("Deployment").arguments)
        #expect(options.manifestGeneration)
        #expect(!(try DaemonOptions.parse(try render().only("Deployment").arguments)).manifestGeneration)
    }

    @Test func theListenAddressesAreTheContainerPorts() throws {
        let deployment = try render().only("Deployment")
        let options = try DaemonOptions.parse(deployment.arguments)
        let ports = Dictionary(
            uniqueKeysWithValues: (deployment.fluxContainer?["ports"]?.arrayValue ?? []).compactMap { port in
                port["name"]?.stringValue.flatMap { name in port["containerPort"]?.intValue.map { (name, Int($0)) } }
            })
        #expect(DaemonConfiguration.hostPort(options.listen)?.1 == ports["api"])
        #expect(DaemonConfiguration.hostPort(options.listenMetrics)?.1 == ports["metrics"])
    }
}

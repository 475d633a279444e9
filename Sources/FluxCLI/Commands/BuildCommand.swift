import ArgumentParser
import Foundation
import Kustomize
import Logging
import Manifests

/// `fluxctl build PATH`: prints, offline, the objects fluxd would apply from PATH — a
/// kustomization directory exactly as `kubectl kustomize` prints it, plain manifests (and
/// kustomizations below them) as fluxd loads them, with namespaces defaulted.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Render a path of the repository offline, as fluxd would load it",
        discussion: """
            A kustomization directory is rendered natively (the same bytes as `kubectl kustomize`).
            Any other path is loaded like fluxd loads --git-path: YAML/JSON files, Lists, .fluxignore,
            kustomizations below it; namespaced objects without a namespace get --default-namespace
            (built-in cluster-scoped kinds and kinds of CRDs in the same render keep none).
            Errors name the file, line and object; the exit status is then non-zero.
            """)

    @Argument(help: "A kustomization directory, a directory of manifests, or a manifest file")
    var path: String

    /// fluxctl's global flags are accepted here too, as in Flux v1, and not used.
    @OptionGroup(visibility: .private) var connection: ConnectionOptions

    /// `--manifest-generation`, `--enable-remote-resources`, `--sops`.
    @OptionGroup var rendering: RenderOptions

    @Option(name: .customLong("default-namespace"), help: "Namespace for namespaced objects that name none")
    var defaultNamespace = "default"

    func run() async throws {
        let render = rendering.render(path)
        do {
            if let directory = try render.kustomizationDirectory() {
                FileHandle.standardOutput.write(Data(try await render.renderKustomization(directory).utf8))
                return
            }
            var logger = Logger(label: "fluxctl")
            logger.logLevel = .error
            let manifests = try await render.load(
                defaultNamespace: defaultNamespace, isNamespaced: OfflineScopes.oracle, logger: logger)
            FileHandle.standardOutput.write(Data(Kustomizer.render(manifests.map(\.object)).utf8))
        } catch let failure as LocalRender.Failure {
            FileHandle.standardError.write(Data("Error: \(failure.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}

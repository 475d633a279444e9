import KubernetesModel

@testable import FluxInstall

/// Parameters with the two required flags set, as `fluxctl install --git-url … --git-email …`.
func parameters(_ change: (inout InstallParameters) -> Void = { _ in }) -> InstallParameters {
    var parameters = InstallParameters(image: "ghcr.io/swiftflux/swiftflux:1.2.3")
    parameters.gitURL = "git@github.com:org/cluster"
    parameters.gitEmail = "flux@example.com"
    change(&parameters)
    return parameters
}

func render(_ change: (inout InstallParameters) -> Void = { _ in }) throws -> [JSONValue] {
    try InstallManifests.render(parameters(change)).map(\.object)
}

extension [JSONValue] {
    func only(_ kind: String) throws -> JSONValue {
        let matches = filter { $0.kind == kind }
        guard matches.count == 1, let match = matches.first else {
            throw Unexpected("expected one \(kind), found \(matches.count)")
        }
        return match
    }
}

struct Unexpected: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension JSONValue {
    var strings: [String] { arrayValue?.compactMap(\.stringValue) ?? [] }

    /// The Deployment's only container.
    var fluxContainer: JSONValue? { self[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first }

    var arguments: [String] { fluxContainer?["args"]?.strings ?? [] }
}

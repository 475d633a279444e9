/// SwiftFlux's version, reported by `fluxctl version`, `fluxd --version` and the API.
public enum SwiftFluxVersion {
    public static let current = "0.1.0-dev"
}

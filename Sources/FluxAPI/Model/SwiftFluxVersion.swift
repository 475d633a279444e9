/// SwiftFlux's version, reported by `fluxctl version`, `fluxd --version` and the API.
public enum SwiftFluxVersion {
    public static let current = "0.1.0-dev"
    /// Where this project publishes its image (fluxd and fluxctl; `scripts/build-image.sh`).
    public static let imageRepository = "ghcr.io/swiftflux/swiftflux"
    /// The image of this version: `fluxctl install`'s default `--image`.
    public static var image: String { "\(imageRepository):\(current)" }
}

import ImageAutomation
import KubernetesModel
import Registry
import Testing

/// Flux v1's image exclusion table (`pkg/cluster/kubernetes/images_test.go`,
/// `TestMergeCredentials_ImageExclusion`), ported: its include function excluded
/// `k8s.gcr.io/*` and `*test*`, matched against the image's canonical name as Flux v1 spelled
/// it (`index.docker.io/...` for Docker Hub, `pkg/cluster/kubernetes/images.go`). Plus the
/// spellings a Flux v1 user may have written in `--registry-exclude-image` and
/// `--registry-include-image` (`cluster.ExcludeIncludeGlob` matched the same name).
@Suite struct FluxV1ImageExclusionTests {
    static func settings(exclude: [String], include: [String] = []) throws -> ImageScanSettings {
        var settings = try ImageScanSettings(registryExcludeImage: exclude)
        settings.includeImages = include
        return settings
    }

    @Test(arguments: [
        // TestMergeCredentials_ImageExclusion: the init container's image and the k8s.gcr.io one
        // are excluded, the gcr.io one is scanned.
        ("docker.io/test/bar:tag", true), ("k8s.gcr.io/foo/bar:tag", true), ("gcr.io/foo/bar:tag", false),
    ])
    func mergeCredentialsImageExclusion(_ image: String, _ excluded: Bool) throws {
        let settings = try Self.settings(exclude: ["k8s.gcr.io/*", "*test*"])
        #expect(settings.isExcluded(try ImageReference(parsing: image)) == excluded, "\(image)")
    }

    /// Flux v1 matched `index.docker.io/<repository>` for every Docker Hub image, however it was
    /// written; globs in SwiftFlux's spelling (`docker.io/...`) and as written match too.
    @Test(arguments: [
        ("index.docker.io/bitnami/*", "bitnami/redis:6", true),
        ("index.docker.io/bitnami/*", "docker.io/bitnami/redis:6", true),
        ("index.docker.io/bitnami/*", "index.docker.io/bitnami/redis:6", true),
        ("docker.io/bitnami/*", "bitnami/redis:6", true),
        ("docker.io/bitnami/*", "index.docker.io/bitnami/redis:6", true),
        ("bitnami/*", "bitnami/redis:6", true),
        ("index.docker.io/library/*", "nginx:1.25", true),
        ("index.docker.io/library/nginx", "docker.io/nginx:1.25", true),
        ("docker.io/library/nginx", "nginx", true),
        ("index.docker.io/*", "quay.io/org/app:1", false),
        ("index.docker.io/bitnami/*", "ghcr.io/bitnami/redis:6", false),
        ("k8s.gcr.io/*", "k8s.gcr.io/pause:3.2", true),
        ("k8s.gcr.io/*", "gcr.io/google-containers/pause:3.2", false),
    ])
    func dockerHubSpellings(_ glob: String, _ image: String, _ excluded: Bool) throws {
        let reference = try ImageReference(parsing: image)
        #expect(try Self.settings(exclude: [glob]).isExcluded(reference) == excluded, "exclude \(glob): \(image)")
        // --registry-include-image: only matching images are scanned.
        #expect(try Self.settings(exclude: [], include: [glob]).isExcluded(reference) == !excluded, "include \(glob): \(image)")
    }

    /// Include less exclude: an image matching both is not scanned (Flux v1's
    /// `ExcludeIncludeGlob` checks the exclusions first).
    @Test func includedLessExcluded() throws {
        let settings = try Self.settings(exclude: ["index.docker.io/fluxcd/helm-operator"], include: ["index.docker.io/fluxcd/*"])
        #expect(!settings.isExcluded(try ImageReference(parsing: "fluxcd/flux:1.21.0")))
        #expect(settings.isExcluded(try ImageReference(parsing: "fluxcd/helm-operator:1.2.0")))
        #expect(settings.isExcluded(try ImageReference(parsing: "memcached:1.5")))
    }

    /// `--registry-use-labels` keeps Flux v1's default working in both spellings.
    @Test func useLabelsMatchesTheSameNames() throws {
        var options = RegistryOptions()
        options.labelTimestampImages = ["index.docker.io/weaveworks/*", "index.docker.io/fluxcd/*"]
        for image in ["weaveworks/flagger:1", "docker.io/fluxcd/flux:1", "index.docker.io/fluxcd/flux:1"] {
            #expect(options.usesLabelTimestamp(try ImageReference(parsing: image)), "\(image)")
        }
        #expect(!options.usesLabelTimestamp(try ImageReference(parsing: "quay.io/weaveworks/flux:1")))
    }
}

import ArgumentParser

/// Flux v1 flags that mean nothing to SwiftFlux, or that Flux v1 itself had deprecated in
/// favour of another flag. They are accepted so Flux v1's chart and manifests run unchanged;
/// `DaemonConfiguration` logs each one given once, and applies the deprecated aliases.
/// `nil` (or empty) means not given.
public struct FluxV1CompatibilityOptions: ParsableArguments, Sendable {
    public init() {}

    // memcached: SwiftFlux keeps its image-scan cache in a file under --state-dir.
    @Option(name: .customLong("memcached-hostname"), help: .hidden) public var memcachedHostname: String?
    @Option(name: .customLong("memcached-port"), help: .hidden) public var memcachedPort: String?
    @Option(name: .customLong("memcached-timeout"), help: .hidden) public var memcachedTimeout: String?
    @Option(name: .customLong("memcached-service"), help: .hidden) public var memcachedService: String?
    @Option(name: .customLong("registry-cache-expiry"), help: .hidden) public var registryCacheExpiry: String?

    // Amazon ECR credentials from the AWS API.
    @Option(name: .customLong("registry-ecr-region"), help: .hidden) public var registryECRRegion: [String] = []
    @Option(name: .customLong("registry-ecr-include-id"), help: .hidden) public var registryECRIncludeID: [String] = []
    @Option(name: .customLong("registry-ecr-exclude-id"), help: .hidden) public var registryECRExcludeID: [String] = []
    @Option(name: .customLong("registry-require"), help: .hidden) public var registryRequire: [String] = []

    // Weave Cloud.
    @Option(name: .customLong("connect"), help: .hidden) public var connect: String?
    @Option(name: .customLong("token"), help: .hidden) public var token: String?
    @Option(name: .customLong("rpc-timeout"), help: .hidden) public var rpcTimeout: String?

    // How Flux v1 reached the cluster and its key.
    @Flag(name: .customLong("k8s-in-cluster"), inversion: .prefixedNo, help: .hidden) public var k8sInCluster: Bool?
    @Option(name: .customLong("kubernetes-kubectl"), help: .hidden) public var kubernetesKubectl: String?
    @Option(name: .customLong("k8s-secret-volume-mount-path"), help: .hidden) public var k8sSecretVolumeMountPath: String?

    // Deprecated aliases, applied.
    @Option(name: .customLong("registry-poll-interval"), help: .hidden) public var registryPollInterval: String?
    @Option(name: .customLong("k8s-namespace-whitelist"), help: .hidden) public var k8sNamespaceWhitelist: [String] = []
    @Option(name: .customLong("kube-config"), help: .hidden) public var kubeConfig: String?

    /// What each given flag becomes: (flag, why), for one log line each at start-up. Values
    /// are never included (`--token` holds a credential).
    public var notices: [(flag: String, reason: String)] {
        var notices: [(String, String)] = []
        func note(_ given: Bool, _ flag: String, _ reason: String) { if given { notices.append((flag, reason)) } }
        let memcached = "ignored: SwiftFlux keeps its image-scan cache in a file under --state-dir, no memcached"
        note(memcachedHostname != nil, "--memcached-hostname", memcached)
        note(memcachedPort != nil, "--memcached-port", memcached)
        note(memcachedTimeout != nil, "--memcached-timeout", memcached)
        note(memcachedService != nil, "--memcached-service", memcached)
        note(
            registryCacheExpiry != nil, "--registry-cache-expiry",
            "ignored: deprecated in Flux v1; scan intervals adapt to how often tags change")
        let ecr = "ignored: no AWS API client; give ECR credentials with --docker-config or pull secrets"
        note(!registryECRRegion.isEmpty, "--registry-ecr-region", ecr)
        note(!registryECRIncludeID.isEmpty, "--registry-ecr-include-id", ecr)
        note(!registryECRExcludeID.isEmpty, "--registry-ecr-exclude-id", ecr)
        note(!registryRequire.isEmpty, "--registry-require", ecr)
        let weave = "ignored: Weave Cloud (upstream connection) is not supported; fluxctl talks to fluxd's own API"
        note(connect != nil, "--connect", weave)
        note(token != nil, "--token", weave)
        note(rpcTimeout != nil, "--rpc-timeout", weave)
        note(
            k8sInCluster != nil, "--k8s-in-cluster",
            "ignored: deprecated in Flux v1; fluxd uses the in-cluster config when it runs in a pod")
        note(kubernetesKubectl != nil, "--kubernetes-kubectl", "ignored: fluxd applies with server-side apply over the API, no kubectl")
        note(
            k8sSecretVolumeMountPath != nil, "--k8s-secret-volume-mount-path",
            "ignored: fluxd reads the deploy key from its Secret through the API (--k8s-secret-name, --k8s-secret-data-key)")
        note(registryPollInterval != nil, "--registry-poll-interval", "deprecated: used as --automation-interval when that is not given")
        note(!k8sNamespaceWhitelist.isEmpty, "--k8s-namespace-whitelist", "deprecated: added to --k8s-allow-namespace")
        note(kubeConfig != nil, "--kube-config", "deprecated: used as --kubeconfig when that is not given")
        return notices
    }
}

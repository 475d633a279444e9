// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "SwiftFlux",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fluxd", targets: ["fluxd"]),
        .executable(name: "fluxctl", targets: ["fluxctl"]),
        .library(name: "KubernetesClient", targets: ["KubernetesClient"]),
        .library(name: "EmbeddedCluster", targets: ["EmbeddedCluster"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        // Imported directly (types in public signatures), already resolved through the above.
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        // Ordered JSON values, object metadata, GVKs, selectors, metav1.Status: the vocabulary
        // shared by the client, the embedded server and everything above them.
        .target(
            name: "KubernetesModel",
            dependencies: [
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        // A Kubernetes API client for real clusters: kubeconfig, auth, discovery, dynamic CRUD,
        // server-side apply, watch, typed errors, rate limiting and retries.
        .target(
            name: "KubernetesClient",
            dependencies: [
                "KubernetesModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                "CommandRunner",
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // Runs external programs (git, ssh-keygen, kustomize, credential plugins) with timeouts.
        .target(
            name: "CommandRunner",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"), .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict
        ),
        // An in-memory Kubernetes API server that behaves like kube-apiserver on the wire.
        .target(
            name: "EmbeddedCluster",
            dependencies: [
                "KubernetesModel",
                "Patching",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // The system git: private working copies, fetch, commit, push, tags, SSH deploy keys.
        .target(
            name: "GitRepository",
            dependencies: [
                "CommandRunner", "KubernetesModel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Reading manifests from a checkout: files, multi-document YAML, Lists, .fluxignore,
        // kustomize, with file/line/object in every error.
        .target(
            name: "Manifests",
            dependencies: [
                "KubernetesModel", "CommandRunner", "Kustomize", "Patching", "YAMLEditing", "ImagePolicy", "SOPSDecryption",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // Decrypting files encrypted with sops (fluxd --sops): the sops binary, plaintext in memory only.
        .target(
            name: "SOPSDecryption",
            dependencies: ["CommandRunner", "KubernetesModel"],
            swiftSettings: strict
        ),
        // JSON patch (RFC 6902), JSON merge patch (RFC 7386) and strategic merge patch with the
        // one table of built-in patch strategies: used by the embedded API server and Kustomize.
        .target(
            name: "Patching", dependencies: ["KubernetesModel"], exclude: ["Generated/generate-list-strategies.py"],
            swiftSettings: strict),
        // Native kustomize: renders kustomizations in-process, byte-identical to kubectl kustomize.
        .target(
            name: "Kustomize",
            dependencies: [
                "KubernetesModel", "Patching", "CommandRunner",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // Byte-preserving edits of YAML files in git: policy annotations and image references.
        .target(
            name: "YAMLEditing",
            dependencies: ["KubernetesModel", "ImagePolicy", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Server-side apply of a set of objects: ordering, bounded concurrency, inventory, prune.
        .target(
            name: "ApplyEngine",
            dependencies: [
                "KubernetesModel", "KubernetesClient", "ImagePolicy",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Container registry client (distribution API v2 / OCI): tags, manifests, image configs,
        // auth, per-host rate limits, a persistent cache and a concurrent scanner.
        .target(
            name: "Registry",
            dependencies: [
                "KubernetesModel",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Tag policies (glob, semver ranges, regex) and which tag wins: pure, no I/O.
        .target(name: "ImagePolicy", dependencies: ["KubernetesModel"], swiftSettings: strict),
        // Image scanning for automation: the cluster's workloads with their images, policies and
        // pull-secret credentials, and a service that scans their registries every pass.
        .target(
            name: "ImageAutomation",
            dependencies: [
                "KubernetesModel", "KubernetesClient", "Registry", "ImagePolicy",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ImageAutomationTests",
            dependencies: [
                "ImageAutomation",
                "EmbeddedCluster",
                "TestSupport",
                "KubernetesClient",
                "Registry",
                "ImagePolicy",
                "KubernetesModel",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // fluxd's HTTP API vocabulary (routes, request and response types) and its client.
        .target(
            name: "FluxAPI",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Policy and image changes to workloads in a git checkout: find the defining files,
        // plan releases, edit annotations and images in place.
        .target(
            name: "WorkloadUpdates",
            dependencies: ["YAMLEditing", "KubernetesModel", "Manifests", "ImagePolicy"],
            swiftSettings: strict
        ),
        // `fluxctl install`: the manifests that install fluxd in a cluster (pure, no I/O but writing files).
        .target(name: "FluxInstall", dependencies: ["KubernetesModel", "Kustomize"], swiftSettings: strict),
        // The web UI fluxd serves at /ui/: its files compiled in, and the middleware that serves
        // them with a strict Content-Security-Policy (the data comes from the API, with the token).
        .target(
            name: "FluxUI",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            exclude: ["Assets"],
            swiftSettings: strict
        ),
        .testTarget(name: "FluxUITests", dependencies: ["FluxUI"], swiftSettings: strict),
        // Health of applied objects: kstatus's rules (pure) and an assessor over the cluster.
        .target(
            name: "Health",
            dependencies: ["KubernetesModel", "KubernetesClient"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HealthTests",
            dependencies: [
                "Health",
                "EmbeddedCluster",
                "KubernetesClient",
                "KubernetesModel",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // The webhook receiver: provider payloads and signatures, repository matching, coalescing.
        .target(
            name: "Webhooks",
            dependencies: [
                "KubernetesModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WebhooksTests",
            dependencies: [
                "TestSupport",
                "Webhooks",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict),
        // Notifications: the event model, its formats (generic JSON, Slack, Teams, commit statuses)
        // and a sender that retries and never blocks.
        .target(
            name: "Notifications",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NotificationsTests",
            dependencies: [
                "Notifications",
                "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // fluxd: option parsing and the daemon's services.
        .target(
            name: "FluxDaemon",
            dependencies: [
                "KubernetesModel",
                "KubernetesClient",
                "EmbeddedCluster",
                "GitRepository",
                "Manifests",
                "ApplyEngine",
                "FluxAPI",
                "WorkloadUpdates",
                "ImagePolicy",
                "ImageAutomation",
                "FluxUI",
                "SOPSDecryption",
                "CommandRunner",
                "Health",
                "Webhooks",
                "Notifications",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                "Kustomize",
            ],
            swiftSettings: strict
        ),
        // fluxctl: the command-line client.
        .target(
            name: "FluxCLI",
            dependencies: [
                "FluxInstall",
                "KubernetesModel", "KubernetesClient", "FluxAPI", "Kustomize", "CommandRunner",
                "Manifests", "ApplyEngine", "ImagePolicy", "SOPSDecryption",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "fluxd", dependencies: ["FluxDaemon"], swiftSettings: strict),
        .executableTarget(name: "fluxctl", dependencies: ["FluxCLI"], swiftSettings: strict),
        // Benchmarks: SwiftFlux beside a reference in one run (bench/run.sh builds them in release).
        .executableTarget(
            name: "swiftflux-bench",
            dependencies: [
                "KubernetesModel", "KubernetesClient", "EmbeddedCluster", "CommandRunner",
                "Registry", "ImageAutomation", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "bench/SwiftFluxBench",
            swiftSettings: strict
        ),
        // Helpers shared by the test targets: temporary directories, child processes, tools.
        .target(
            name: "TestSupport",
            dependencies: [
                "CommandRunner",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "KubernetesModelTests", dependencies: ["KubernetesModel", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "KubernetesClientTests",
            dependencies: [
                "KubernetesClient",
                "EmbeddedCluster",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                "KubernetesModel",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EmbeddedClusterTests",
            dependencies: [
                "EmbeddedCluster",
                "KubernetesClient",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                "CommandRunner",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                "KubernetesModel",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GitRepositoryTests",
            dependencies: [
                "GitRepository",
                "TestSupport",
                "CommandRunner",
                "KubernetesModel",
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: strict),
        .testTarget(
            name: "SOPSDecryptionTests", dependencies: ["SOPSDecryption", "TestSupport", "CommandRunner"], swiftSettings: strict),
        .testTarget(
            name: "ManifestsTests",
            dependencies: [
                "Manifests",
                "SOPSDecryption",
                "TestSupport",
                .product(name: "InMemoryLogging", package: "swift-log"),
                "KubernetesModel",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "YAMLEditingTests", dependencies: ["YAMLEditing", "KubernetesModel"],
            resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(
            name: "PatchingTests", dependencies: ["Patching", "CommandRunner", "KubernetesModel", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "KustomizeTests",
            dependencies: [
                "Kustomize",
                "TestSupport",
                "CommandRunner",
                .product(name: "Hummingbird", package: "hummingbird"),
                "KubernetesModel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["record.py"], resources: [.copy("Cases"), .copy("Expected")], swiftSettings: strict),
        .testTarget(
            name: "ApplyEngineTests",
            dependencies: [
                "ApplyEngine",
                "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                "ImagePolicy",
                "KubernetesModel",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "RegistryTests",
            dependencies: [
                "Registry",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                "KubernetesModel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .testTarget(name: "FluxAPITests", dependencies: ["FluxAPI"], swiftSettings: strict),
        .testTarget(
            name: "FluxDaemonTests",
            dependencies: [
                "FluxDaemon",
                "FluxAPI",
                "ImagePolicy",
                "WorkloadUpdates",
                "KubernetesModel",
                "ApplyEngine",
                "GitRepository",
                "TestSupport",
                "Health",
                "Notifications",
                "EmbeddedCluster",
                "KubernetesClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "Manifests",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "FluxCLITests", dependencies: ["FluxCLI", "FluxAPI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        .testTarget(
            name: "WorkloadUpdatesTests", dependencies: ["WorkloadUpdates", "ImagePolicy", "KubernetesModel", "TestSupport"],
            swiftSettings: strict),
        .testTarget(name: "ImagePolicyTests", dependencies: ["ImagePolicy", "KubernetesModel"], swiftSettings: strict),
        .testTarget(
            name: "FluxInstallTests",
            dependencies: [
                "FluxInstall",
                "FluxDaemon",
                "TestSupport",
                "KubernetesModel",
            ], swiftSettings: strict),
        // Runs the real fluxd/fluxctl binaries against the embedded cluster, git and sshd.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "KubernetesClient",
                "EmbeddedCluster",
                "TestSupport",
                "FluxAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                "CommandRunner",
                "KubernetesModel",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["UI"], swiftSettings: strict),
    ]
)

import ArgumentParser
import Foundation
import KubernetesModel
import Testing

@testable import FluxDaemon

/// fluxd reads Flux v1's command lines: its syntax, every flag, and the rules between flags.
@Suite struct FluxV1FlagsTests {
    static func configuration(_ arguments: [String]) throws -> DaemonConfiguration {
        try DaemonConfiguration(options: DaemonOptions.parseFluxd(arguments))
    }

    /// Flux v1's Helm chart (chart/flux/templates/deployment.yaml, default values, release
    /// "flux"; `--ssh-keygen-format` from the chart of Flux 1.20+), with a git URL set.
    static let chartArguments = [
        "--log-format=fmt", "--ssh-keygen-dir=/var/fluxd/keygen", "--ssh-keygen-format=RFC4716",
        "--k8s-secret-name=flux-git-deploy", "--memcached-hostname=flux-memcached", "--sync-state=git",
        "--memcached-service=", "--git-url=git@github.com:fluxcd/flux-get-started", "--git-branch=master",
        "--git-path=", "--git-readonly=false", "--git-user=Weave Flux", "--git-email=support@weave.works",
        "--git-verify-signatures=false", "--git-set-author=false", "--git-poll-interval=5m", "--git-timeout=20s",
        "--sync-interval=5m", "--git-ci-skip=false", "--automation-interval=5m", "--registry-rps=200",
        "--registry-burst=125", "--registry-trace=false",
    ]

    @Test func helmChartArgumentsMeanWhatFluxV1Meant() throws {
        let configuration = try Self.configuration(Self.chartArguments)
        #expect(configuration.git.url?.description == "git@github.com:fluxcd/flux-get-started")
        #expect(configuration.git.paths.isEmpty, "--git-path= is the repository root")
        #expect(!configuration.git.readonly)
        #expect(!configuration.git.setAuthor)
        #expect(!configuration.git.ciSkip)
        #expect(configuration.git.commitMessageSuffix.isEmpty)
        #expect(configuration.git.signatures.verifyMode == .none)
        #expect(configuration.git.keyGeneration.format == .rfc4716)
        #expect(configuration.git.keyGeneration.directory == "/var/fluxd/keygen")
        #expect(configuration.git.syncTag == "flux-sync")
        #expect(configuration.git.notesRef == "flux")
        #expect(configuration.sync.state == .git)
        #expect(configuration.imageScan.registry.requestsPerSecond == 200)
        #expect(configuration.imageScan.registry.burst == 125)
        #expect(configuration.imageScan.automationInterval == .seconds(300))
        #expect(configuration.logging.format == .fmt)
        #expect(configuration.logging.debugComponents.isEmpty)
        #expect(configuration.compatibilityNotices.map(\.flag) == ["--memcached-hostname", "--memcached-service"])
    }

    @Test func deployManifestArgumentsMeanWhatFluxV1Meant() throws {
        let configuration = try Self.configuration([
            "--memcached-service=", "--ssh-keygen-dir=/var/fluxd/keygen",
            "--git-url=git@github.com:fluxcd/flux-get-started", "--git-branch=master", "--git-label=flux-sync",
            "--git-user=Flux automation", "--git-email=flux@example.com", "--listen-metrics=:3031",
        ])
        #expect(configuration.git.user == "Flux automation")
        #expect(configuration.git.syncTag == "flux-sync")
        #expect(configuration.git.notesRef == "flux-sync", "--git-label overrides the notes ref too")
        #expect(configuration.listenMetrics == ":3031")
    }

    @Test func booleansTakeGoSyntaxAndTheLastOneWins() throws {
        for (value, expected) in [("true", true), ("1", true), ("T", true), ("TRUE", true), ("False", false), ("0", false)] {
            #expect(
                try Self.configuration(["--git-url=git@example.com:org/config", "--git-readonly=\(value)"]).git.readonly == expected,
                "\(value)")
        }
        #expect(try Self.configuration(["--git-url=git@example.com:org/config", "--git-readonly"]).git.readonly)
        #expect(!(try Self.configuration(["--git-url=git@example.com:org/config", "--git-readonly", "--git-readonly=false"]).git.readonly))
        #expect(try Self.configuration(["--git-url=git@example.com:org/config", "--git-readonly=false", "--git-readonly"]).git.readonly)
        #expect(throws: ValidationError.self) { try FluxdArgumentSyntax.normalize(["--git-readonly=yes"]) }
        #expect(try FluxdArgumentSyntax.normalize(["--version=false", "--version=true"]) == ["--version"])
        #expect(try FluxdArgumentSyntax.normalize(["--", "--git-readonly=false"]) == ["--", "--git-readonly=false"])
    }

    @Test func shortListenAndEmptyValuesParseLikePflag() throws {
        #expect(try Self.configuration(["--git-url=git@example.com:org/config", "-l", ":4000"]).listen == ":4000")
        #expect(try Self.configuration(["--git-url=git@example.com:org/config", "-l=:4001"]).listen == ":4001")
        #expect(try Self.configuration(["--git-url=git@example.com:org/config", "-l:4002"]).listen == ":4002")
        #expect(try Self.configuration(["--git-url=git@example.com:org/config", "--git-user=-bot-"]).git.user == "-bot-")
        #expect(
            try Self.configuration(["--git-url=git@example.com:org/config", "--k8s-default-namespace="]).kubernetes.defaultNamespace
                == "default")
    }

    /// Every flag of Flux v1's fluxd (cmd/fluxd/main.go of the last release, plus
    /// --ssh-keygen-format of Flux 1.20+), with a value of its type, in one command line.
    static let dockerConfig: String = {
        let path = NSTemporaryDirectory() + "fluxd-docker-config-\(UUID().uuidString).json"
        FileManager.default.createFile(atPath: path, contents: Data("{}".utf8))
        return path
    }()

    static let everyFluxV1Flag = [
        "--log-format=json", "--listen=:3030", "--listen-metrics=:3031", "--kubernetes-kubectl=/usr/bin/kubectl",
        "--version=false", "--git-url=ssh://git@example.com/repo", "--git-branch=main", "--git-path=a,b",
        "--git-readonly=false", "--git-user=u", "--git-email=e@x", "--git-set-author=true", "--git-label=lbl",
        "--git-secret=false", "--sops=false", "--git-sync-tag=t", "--git-notes-ref=n", "--git-ci-skip=true",
        "--git-ci-skip-message=[skip ci]", "--git-poll-interval=1m", "--git-timeout=30s",
        "--git-gpg-key-import=/keys", "--git-signing-key=ABCD", "--git-verify-signatures=false",
        "--git-verify-signatures-mode=none", "--sync-interval=2m", "--sync-timeout=2m",
        "--sync-garbage-collection=true", "--sync-garbage-collection-dry=false", "--sync-state=git",
        "--memcached-hostname=m", "--memcached-port=11211", "--memcached-timeout=1s", "--memcached-service=",
        "--registry-disable-scanning=false", "--automation-interval=3m", "--registry-poll-interval=4m",
        "--registry-rps=50", "--registry-burst=10", "--registry-trace=true", "--registry-insecure-host=h:5000",
        "--registry-exclude-image=x/*", "--registry-include-image=y/*", "--registry-use-labels=z/*",
        "--registry-ecr-region=eu-west-1", "--registry-ecr-include-id=1", "--registry-ecr-exclude-id=2",
        "--registry-require=ecr", "--k8s-in-cluster=true", "--k8s-secret-name=s",
        "--k8s-secret-volume-mount-path=/etc/fluxd/ssh", "--k8s-secret-data-key=key",
        "--k8s-namespace-whitelist=w", "--k8s-allow-namespace=a", "--k8s-default-namespace=d",
        "--k8s-unsafe-exclude-resource=v1/Event", "--k8s-verbosity=2", "--ssh-keygen-bits=4096",
        "--ssh-keygen-type=rsa", "--ssh-keygen-dir=/tmp", "--ssh-keygen-format=PEM", "--manifest-generation=true",
        "--connect=wss://example.com", "--token=weave-token-value", "--rpc-timeout=10s", "--docker-config=\(dockerConfig)",
        "--registry-cache-expiry=1h", "--kube-config=/dev/null",
    ]

    @Test func acceptsEveryFluxV1FlagAndLogsTheIgnoredOnesWithoutValues() throws {
        let configuration = try Self.configuration(Self.everyFluxV1Flag)
        #expect(configuration.git.syncTag == "lbl" && configuration.git.notesRef == "lbl")
        #expect(configuration.git.commitMessageSuffix == "[skip ci]")
        #expect(configuration.git.signatures.keyImports == ["/keys"])
        #expect(configuration.git.signatures.signingKey == "ABCD")
        #expect(configuration.git.keyGeneration.type == .rsa(bits: 4096))
        #expect(configuration.git.keyGeneration.format == .pem)
        #expect(configuration.kubernetes.secretDataKey == "key")
        #expect(configuration.kubernetes.allowNamespaces == ["a", "w"])
        #expect(configuration.kubernetes.kubeconfig == "/dev/null")
        #expect(configuration.kubernetes.excludeResources == ["v1/Event"])
        #expect(configuration.imageScan.automationInterval == .seconds(180), "--automation-interval wins over the deprecated flag")
        #expect(configuration.imageScan.includeImages == ["y/*"])
        #expect(configuration.imageScan.registry.labelTimestampImages == ["z/*"])
        #expect(configuration.logging.format == .json)
        #expect(configuration.logging.debugComponents == ["kubernetes", "registry"])
        let flags = configuration.compatibilityNotices.map(\.flag)
        for flag in ["--memcached-hostname", "--connect", "--token", "--k8s-in-cluster", "--registry-require", "--kube-config"] {
            #expect(flags.contains(flag), "\(flag)")
        }
        #expect(!configuration.compatibilityNotices.contains { $0.reason.contains("weave-token-value") })
    }

    @Test func fluxV1DefaultsForListFlags() throws {
        let configuration = try Self.configuration(["--git-url=git@example.com:org/config"])
        #expect(configuration.imageScan.registry.excludeImages == ["k8s.gcr.io/*"])
        #expect(configuration.imageScan.registry.labelTimestampImages == ["index.docker.io/weaveworks/*", "index.docker.io/fluxcd/*"])
        #expect(configuration.kubernetes.excludeResources == ["*metrics.k8s.io/*", "webhook.certmanager.k8s.io/*", "v1/Event"])
        let pause = try ImageReference(parsing: "k8s.gcr.io/pause:3.9")
        #expect(configuration.imageScan.isExcluded(pause))
        let disabled = try Self.configuration(["--git-url=git@example.com:org/config", "--registry-disable-scanning"])
        #expect(disabled.imageScan.isExcluded(try ImageReference(parsing: "nginx:1.25")))
        let included = try Self.configuration(["--git-url=git@example.com:org/config", "--registry-include-image=ghcr.io/org/*"])
        #expect(included.imageScan.isExcluded(try ImageReference(parsing: "nginx:1.25")))
        #expect(!included.imageScan.isExcluded(try ImageReference(parsing: "ghcr.io/org/app:1")))
        let deprecated = try Self.configuration(["--git-url=git@example.com:org/config", "--registry-poll-interval=7m"])
        #expect(deprecated.imageScan.automationInterval == .seconds(420))
    }

    @Test func signatureVerificationModesFollowFluxV1() throws {
        let signed = ["--git-url=git@example.com:org/config", "--git-signing-key=K"]
        #expect(try Self.configuration(signed + ["--git-verify-signatures"]).git.signatures.verifyMode == .all)
        #expect(
            try Self.configuration(signed + ["--git-verify-signatures", "--git-verify-signatures-mode=first-parent"])
                .git.signatures.verifyMode == .firstParent)
        #expect(
            try Self.configuration(["--git-url=git@example.com:org/config", "--git-verify-signatures", "--git-verify-signatures-mode=none"])
                .git.signatures.verifyMode == .none)
        #expect(throws: ValidationError.self) { try Self.configuration(signed + ["--git-verify-signatures-mode=some"]) }
        // The sync tag is verified too, so fluxd must be able to sign it.
        #expect(throws: ValidationError.self) {
            try Self.configuration(["--git-url=git@example.com:org/config", "--git-verify-signatures"])
        }
        #expect(
            try Self.configuration(["--git-url=git@example.com:org/config", "--git-verify-signatures", "--git-readonly"]).git.signatures
                .verifyMode
                == .all)
    }

    @Test func logLevelsAndFormats() throws {
        #expect(try Self.configuration(["--git-url=git@example.com:org/config", "--log-level=warn"]).logging.level == .warning)
        #expect(try Self.configuration(["--git-url=git@example.com:org/config", "--log-level=debug"]).logging.level == .debug)
        #expect(try Self.configuration(["--git-url=git@example.com:org/config"]).logging.level == .info)
        #expect(throws: ValidationError.self) { try Self.configuration(["--git-url=git@example.com:org/config", "--log-level=loud"]) }
        #expect(throws: ValidationError.self) { try Self.configuration(["--git-url=git@example.com:org/config", "--log-format=xml"]) }
    }

    /// The syntax table lists exactly the flags fluxd declares without a value.
    @Test func booleanTableMatchesTheDeclaredFlags() throws {
        let dump = try JSONValue(parsing: Array(FluxdCommand._dumpHelp().utf8))
        var flags = Set<String>()
        for argument in dump[path: ["command", "arguments"]]?.arrayValue ?? [] where argument["kind"]?.stringValue == "flag" {
            for name in argument["names"]?.arrayValue ?? [] where name["kind"]?.stringValue == "long" {
                if let long = name["name"]?.stringValue, !long.hasPrefix("no-"), long != "help", long != "version" {
                    flags.insert(long)
                }
            }
        }
        #expect(flags == FluxdArgumentSyntax.booleanFlags)
    }
}

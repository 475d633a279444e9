import ArgumentParser
import KubernetesModel
import Manifests
import Testing

@testable import FluxDaemon

/// Issue 16, finding 6: a revision that fails the same way again is retried with a doubling
/// delay, not on every poll; a new revision or a different failure is tried at once.
@Suite struct FailureBackoffTests {
    @Test func identicalFailuresDoubleUpToTheCeiling() {
        var backoff = FailureBackoff(initial: .seconds(10), maximum: .seconds(60))
        let delays = (0..<6).map { _ in backoff.failed(revision: "abc", signature: "too large") }
        #expect(delays == [.seconds(10), .seconds(20), .seconds(40), .seconds(60), .seconds(60), .seconds(60)])
        #expect(backoff.holds("abc"))
        #expect(!backoff.holds("def"))
    }

    @Test func aDifferentFailureOrRevisionStartsOver() {
        var backoff = FailureBackoff(initial: .seconds(10), maximum: .seconds(600))
        _ = backoff.failed(revision: "abc", signature: "one")
        #expect(backoff.failed(revision: "abc", signature: "one") == .seconds(20))
        #expect(backoff.failed(revision: "abc", signature: "two") == .seconds(10))
        #expect(backoff.failed(revision: "def", signature: "two") == .seconds(10))
        backoff.succeeded()
        #expect(!backoff.holds("def"))
        #expect(backoff.failed(revision: "def", signature: "two") == .seconds(10))
    }

    @Test func signatureCoversEveryError() {
        var one = SyncReport()
        one.revision = "abc"
        one.failure = "1 manifest error(s)"
        one.loadErrors = ["a.yaml:1: bad"]
        var two = one
        two.loadErrors = ["a.yaml:2: bad"]
        #expect(one.failureSignature != two.failureSignature)
        #expect(one.failureSignature == one.failureSignature)
    }
}

@Suite struct ManifestLimitOptionsTests {
    @Test func defaultsAndOverrides() throws {
        let defaults = try DaemonOptions.parse(["--embedded-cluster", "127.0.0.1:0"])
        #expect(try defaults.limits.manifestLimits() == .default)
        let options = try DaemonOptions.parse([
            "--embedded-cluster", "127.0.0.1:0", "--manifest-max-file-size", "8Mi", "--manifest-max-document-size=1MiB",
            "--manifest-max-object-size", "1048576", "--manifest-max-depth", "50", "--manifest-max-alias-nodes", "10",
            "--manifest-max-documents", "7", "--manifest-max-objects", "9",
        ])
        let configuration = try DaemonConfiguration(options: options)
        let limits = configuration.manifestLimits
        #expect(
            limits.yaml == YAMLLimits(maxDocumentBytes: 1 << 20, maxStreamBytes: 8 << 20, maxDepth: 50, maxAliasNodes: 10, maxDocuments: 7))
        #expect(limits.maxObjectBytes == 1 << 20)
        #expect(limits.maxObjects == 9)
    }

    @Test(arguments: [
        ["--manifest-max-file-size", "lots"], ["--manifest-max-depth", "0"], ["--manifest-max-objects=-1"],
    ])
    func invalidValuesAreRefused(_ flags: [String]) throws {
        let options = try DaemonOptions.parse(["--embedded-cluster", "127.0.0.1:0"] + flags)
        #expect(throws: ValidationError.self) { try DaemonConfiguration(options: options) }
    }
}

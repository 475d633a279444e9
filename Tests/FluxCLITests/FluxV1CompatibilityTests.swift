import ArgumentParser
import FluxAPI
import Foundation
import Testing

@testable import FluxCLI

/// fluxctl's Flux v1 command lines: global flags anywhere, short forms, deprecated aliases,
/// release's `-w`, `-v`, and the interactive menu's logic.
@Suite struct FluxV1CompatibilityTests {
    @Test func globalFlagsBeforeTheCommandMoveAfterIt() {
        #expect(
            FluxctlArguments.normalize(["--k8s-fwd-ns", "flux", "list-workloads", "-a"])
                == ["list-workloads", "--k8s-fwd-ns", "flux", "-a"])
        #expect(
            FluxctlArguments.normalize(["--url", "http://u", "--token", "T", "sync"]) == ["sync", "--url", "http://u", "--token", "T"])
        #expect(FluxctlArguments.normalize(["-uhttp://u", "-t=T", "sync"]) == ["sync", "-u", "http://u", "-t", "T"])
        #expect(FluxctlArguments.normalize(["--timeout=2m", "release", "--all"]) == ["release", "--timeout=2m", "--all"])
        #expect(FluxctlArguments.normalize(["sync", "--url", "u"]) == ["sync", "--url", "u"])
        #expect(FluxctlArguments.normalize(["--help"]) == ["--help"])
        #expect(FluxctlArguments.normalize(["--url", "u", "--help"]) == ["--url", "u", "--help"])
    }

    @Test func everyCommandAcceptsTheGlobalFlagsAndShortForms() throws {
        for command in [
            "sync", "identity", "list-workloads", "list-controllers", "list-images", "save", "version",
            "install --git-url=git@example.com:org/repo --git-email=flux@example.com", "build .", "diff .", "completion bash",
        ] {
            let arguments = FluxctlArguments.normalize(
                [
                    "-u", "http://127.0.0.1:1", "-t", "tok", "--k8s-fwd-ns", "flux", "--k8s-fwd-labels", "app=flux",
                    "--context", "c", "--timeout", "5s",
                ] + command.split(separator: " ").map(String.init))
            #expect(throws: Never.self, "\(command)") { _ = try FluxctlCommand.parseAsRoot(arguments) }
        }
        for command in ["automate", "deautomate", "lock", "unlock", "policy"] {
            let change = command == "policy" ? ["--automate"] : []
            #expect(throws: Never.self) { _ = try FluxctlCommand.parseAsRoot([command, "-c", "default:deployment/web", "-v"] + change) }
            #expect(throws: (any Error).self) { _ = try FluxctlCommand.parseAsRoot([command]) }
            #expect(throws: (any Error).self) {
                _ = try FluxctlCommand.parseAsRoot([command, "-w", "a:deployment/b", "-c", "a:deployment/b"])
            }
        }
        #expect(throws: Never.self) { _ = try FluxctlCommand.parseAsRoot(["list-images", "-c", "default:deployment/web"]) }
    }

    @Test func releaseFlagsFollowFluxV1() throws {
        let release = try #require(
            try FluxctlCommand.parseAsRoot([
                "release", "--workload=default:deployment/a,default:deployment/b", "-c", "c:deployment/x", "-i", "nginx:1.25", "-w", "-vv",
            ])
                as? ReleaseCommand)
        #expect(release.watch, "-w is --watch")
        #expect(release.verbosity == 2)
        #expect(release.allWorkloads == ["default:deployment/a", "default:deployment/b", "c:deployment/x"])
        #expect(throws: (any Error).self) { _ = try FluxctlCommand.parseAsRoot(["release", "--all", "-i", "x:1", "-w", "--dry-run"]) }
        #expect(throws: (any Error).self) { _ = try FluxctlCommand.parseAsRoot(["release", "-i", "x:1"]) }
        #expect(throws: (any Error).self) { _ = try FluxctlCommand.parseAsRoot(["release", "--all", "--update-all-images", "-f"]) }
        #expect(throws: Never.self) { _ = try FluxctlCommand.parseAsRoot(["release", "--all", "-i", "x:1", "--interactive"]) }
    }

    @Test func discoveryTriesFluxV1Selectors() throws {
        let defaults = try ConnectionOptions.parse([])
        #expect(defaults.selectors == ["app=flux", "name in (flux,fluxd,weave-flux-agent)"])
        let given = try ConnectionOptions.parse([
            "--k8s-fwd-labels", "app=flux,release=prod", "--k8s-fwd-labels", "tier=ops", "--k8s-fwd-ns", "gitops",
        ])
        #expect(given.selectors.first == "app=flux,release=prod,tier=ops")
        #expect(given.namespaces == ["gitops"])
        #expect(try ConnectionOptions.parse(["--timeout", "90s"]).timeoutDuration() == .seconds(90))
    }

    /// Flux v1: workload IDs without a namespace take `-n`, else the kubeconfig context's.
    @Test func workloadNamespaceComesFromTheKubeconfigContext() throws {
        let path = NSTemporaryDirectory() + "fluxctl-kubeconfig-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
        users: [{name: u, user: {token: t}}]
        contexts:
        - {name: demo, context: {cluster: c, user: u, namespace: demo}}
        - {name: plain, context: {cluster: c, user: u}}
        current-context: demo

        """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try ConnectionOptions.parse(["--kubeconfig", path]).workloadNamespace(nil) == "demo")
        #expect(try ConnectionOptions.parse(["--kubeconfig", path, "--context", "plain"]).workloadNamespace(nil) == "default")
        #expect(try ConnectionOptions.parse(["--kubeconfig", path]).workloadNamespace("given") == "given")
        #expect(try ConnectionOptions.parse(["--kubeconfig", path + ".missing"]).workloadNamespace(nil) == "default")
    }

    @Test func releaseOutputShowsSkippedWorkloadsWithVerbosity() {
        let result = JobResult(
            changes: [ImageChange(workload: "default:deployment/web", container: "main", from: "web:1", to: "web:2")],
            skipped: [
                SkippedWorkload(workload: "default:deployment/locked", status: "skipped", reason: "locked"),
                SkippedWorkload(workload: "default:deployment/other", status: "ignored", reason: "a different image"),
            ])
        let quiet = ReleaseOutput.render(result, verbosity: 0)
        #expect(quiet.contains("default:deployment/web") && !quiet.contains("locked"))
        let verbose = ReleaseOutput.render(result, verbosity: 1)
        #expect(verbose.contains("default:deployment/locked  skipped  locked") && !verbose.contains("deployment/other"))
        let all = ReleaseOutput.render(result, verbosity: 2).split(separator: "\n")
        #expect(all.contains { $0.hasPrefix("default:deployment/other ") && $0.contains(" ignored ") })
        // Sorted by workload, as Flux v1's `Result.WorkloadIDs()`.
        #expect(
            all.map { line in String(line.prefix { $0 != " " }) } == [
                "WORKLOAD", "default:deployment/locked", "default:deployment/other", "default:deployment/web",
            ])
    }

    @Test func interactiveMenuTogglesAndReleasesTheCheckedChanges() {
        let a = ImageChange(workload: "default:deployment/a", container: "main", from: "a:1", to: "a:2")
        let b = ImageChange(workload: "default:deployment/a", container: "side", from: "s:1", to: "s:2")
        let c = ImageChange(workload: "default:deployment/c", container: "main", from: "c:1", to: "c:2")
        var menu = ReleaseMenu(
            result: JobResult(
                changes: [a, b, c], skipped: [SkippedWorkload(workload: "default:deployment/d", status: "skipped", reason: "locked")]),
            verbosity: 1)
        let lines = menu.render()
        #expect(lines.first?.hasPrefix("    WORKLOAD") == true)
        #expect(lines[1].hasPrefix("\u{21D2} \u{25C9} default:deployment/a"))
        #expect(lines.contains { $0.contains("default:deployment/d") && $0.contains("locked") })
        #expect(lines.last == ReleaseMenu.help)
        #expect(menu.handle(ReleaseMenu.key([27, 91, 66])) == .open)  // down
        #expect(menu.handle(ReleaseMenu.key([32])) == .open)  // space: uncheck b
        #expect(menu.render()[2].hasPrefix("\u{21D2} \u{25EF}"))
        #expect(menu.handle(ReleaseMenu.key([UInt8(ascii: "j")])) == .open)
        #expect(menu.handle(ReleaseMenu.key([UInt8(ascii: "j")])) == .open)  // wraps to a
        #expect(menu.handle(ReleaseMenu.key([13])) == .accepted([a, c]))
        var aborted = ReleaseMenu(result: JobResult(changes: [a]), verbosity: 0)
        #expect(aborted.handle(ReleaseMenu.key([3])) == .aborted)
        #expect(ReleaseMenu.key([UInt8(ascii: "q")]) == .abort)
    }

    /// Keys typed faster than the menu redraws arrive in one read; each is handled on its own.
    @Test func keysArrivingTogetherAreSplitOneByOne() {
        var bytes: [UInt8] = [27, 91, 66, 32, 27, 79, 65, 13, 27, 113]
        var keys: [ReleaseMenu.Key] = []
        while !bytes.isEmpty {
            let length = Terminal.keyLength(bytes)
            keys.append(ReleaseMenu.key(Array(bytes.prefix(length))))
            bytes.removeFirst(length)
        }
        #expect(keys == [.down, .toggle, .up, .accept, .abort, .abort])
    }
}

import ArgumentParser
import FluxAPI
import Testing

@testable import FluxCLI

/// Flux v1's fluxctl argument tables (`cmd/fluxctl/*_test.go`), ported: the same command
/// lines are accepted (and sent to fluxd as the same release) or refused.
@Suite struct FluxV1CommandLineTests {
    /// Parses and validates `release` as fluxctl does, then builds the request fluxd gets.
    static func release(_ arguments: [String]) throws -> ReleaseRequest {
        let command = try #require(try FluxctlCommand.parseAsRoot(["release"] + arguments) as? ReleaseCommand)
        return try command.releaseRequest(namespace: "default", user: nil)
    }

    /// `release_cmd_test.go` `TestReleaseCommand_CLIConversion`: Flux v1's `ReleaseImageSpec`
    /// (`<all>`, `<all latest>`, kind plan/execute, excludes) as fluxd's release request.
    @Test(arguments: [
        (["--update-all-images", "--all"], ReleaseRequest(all: true, updateAllImages: true)),
        (["--update-all-images", "--all", "--dry-run"], ReleaseRequest(all: true, updateAllImages: true, dryRun: true)),
        (["--update-image=alpine:latest", "--all"], ReleaseRequest(all: true, image: "alpine:latest")),
        (
            ["--update-all-images", "--workload=deployment/flux"],
            ReleaseRequest(workloads: ["default:deployment/flux"], updateAllImages: true)
        ),
        (
            ["--update-all-images", "--all", "--exclude=deployment/test,deployment/yeah"],
            ReleaseRequest(all: true, updateAllImages: true, exclude: ["default:deployment/test", "default:deployment/yeah"])
        ),
    ])
    func releaseCommandCLIConversion(_ arguments: [String], _ expected: ReleaseRequest) throws {
        #expect(try Self.release(arguments) == expected, "\(arguments)")
    }

    /// `TestReleaseCommand_InputFailures`: refused before fluxd is asked.
    @Test(arguments: [
        [],  // no args
        ["--all"],  // no image spec
        ["--all", "--update-image=alpine"],  // invalid image spec (no tag)
        ["--update-all-images"],  // no workload spec
        ["--workload=invalid&workload", "--update-all-images"],  // invalid workload
        ["subcommand"],  // a subcommand
    ])
    func releaseCommandInputFailures(_ arguments: [String]) {
        #expect(throws: (any Error).self, "\(arguments)") { _ = try Self.release(arguments) }
    }

    /// `policy_cmd.go` `calculatePolicyChanges`: `c=*` removes the container's tag policy, a
    /// `--tag` value may hold several pairs, a lock records the user and message. Patterns go
    /// as given (deliberate: Flux v1's fluxctl prefixed `glob:`).
    @Test func policyChangesAsFluxV1Calculated() throws {
        let command = try #require(
            try FluxctlCommand.parseAsRoot([
                "policy", "-w", "default:deployment/foo", "--tag", "bar=1.*,baz=semver:~2", "--tag", "qux=*", "--tag",
                "re=regex:^v[0-9]{1,2}$", "--tag-all", "master-*", "--lock", "-m", "hold",
            ]) as? PolicyCommand)
        let update = command.policyUpdate(workload: "default:deployment/foo", user: "Jane Doe <jd@j.d>")
        #expect(
            update.add == [
                "tag.bar": "1.*", "tag.baz": "semver:~2", "tag.re": "regex:^v[0-9]{1,2}$", "tag_all": "master-*",
                "locked": "true", "locked_user": "Jane Doe <jd@j.d>", "locked_msg": "hold",
            ])
        #expect(update.remove == ["tag.qux"])
        // Flux v1's refusals: automate and deautomate, lock and unlock, no workload.
        for arguments in [["--automate", "--deautomate"], ["--lock", "--unlock"]] {
            #expect(throws: (any Error).self) { try FluxctlCommand.parseAsRoot(["policy", "-w", "default:deployment/foo"] + arguments) }
        }
        #expect(throws: (any Error).self) { try FluxctlCommand.parseAsRoot(["policy", "--automate"]) }
    }

    /// `version_cmd_test.go` `TestVersionCommand_InputFailure`, `completion_cmd_test.go`
    /// `TestCompletionCommand_InputFailure`, `install_cmd_test.go`
    /// `TestInstallCommand_ExtraArgumentFailure` and `TestInstallCommand_MissingRequiredFlag`.
    @Test(arguments: [
        ["version", "foo"], ["version", "foo", "bar"], ["version", "foo", "bar", "bizz", "buzz"],
        ["completion"], ["completion", "bash", "zsh"],
        ["install", "--git-url", "git@github.com:testcase/flux-get-started", "--git-email", "testcase@weave.works", "foo"],
        [
            "install", "--git-url", "git@github.com:testcase/flux-get-started", "--git-email", "testcase@weave.works", "foo", "bar",
            "bizz", "buzz",
        ],
        ["install", "--git-url", "git@github.com:testcase/flux-get-started"], ["install", "--git-email", "testcase@weave.works"],
    ])
    func refusedCommandLines(_ arguments: [String]) {
        #expect(throws: (any Error).self, "\(arguments)") { _ = try FluxctlCommand.parseAsRoot(arguments) }
    }

    /// `TestCompletionCommand_InputFailure` `foo`: parsed, refused when run.
    @Test func completionForAnUnknownShell() throws {
        let command = try #require(try FluxctlCommand.parseAsRoot(["completion", "foo"]) as? CompletionCommand)
        #expect(throws: (any Error).self) { try command.run() }
    }

    /// `TestCompletionCommand_Success`, `TestVersionCommand_Success`, `TestInstallCommand_Success`.
    @Test(arguments: [
        ["completion", "bash"], ["completion", "zsh"], ["version", "--client"],
        ["install", "--git-url", "git@github.com:testcase/flux-get-started", "--git-email", "testcase@weave.works"],
    ])
    func acceptedCommandLines(_ arguments: [String]) {
        #expect(throws: Never.self, "\(arguments)") { _ = try FluxctlCommand.parseAsRoot(arguments) }
    }
}

import FluxAPI
import Foundation
import Testing

@testable import FluxCLI

@Suite struct OutputTests {
    @Test func tableAlignsColumnsWithTwoSpaces() {
        var table = Table(headers: ["WORKLOAD", "CONTAINER", "IMAGE"])
        table.rows = [["default:deployment/web", "main", "web:1.0"], ["", "sidecar", "proxy:2"]]
        #expect(
            table.render() == """
                WORKLOAD                CONTAINER  IMAGE
                default:deployment/web  main       web:1.0
                                        sidecar    proxy:2

                """)
        #expect(Table(headers: nil, rows: []).render() == "")
    }

    @Test func listImagesMarksTheRunningTagAndLimits() {
        let images = [
            WorkloadImages(
                id: "default:deployment/web",
                containers: [
                    ContainerImages(
                        name: "main", current: "web:1.1", repository: "docker.io/library/web", policy: "glob:*",
                        scanned: true,
                        available: [
                            ImageTag(tag: "1.3", created: Date(timeIntervalSince1970: 0)), ImageTag(tag: "1.2"), ImageTag(tag: "1.1"),
                        ]),
                    ContainerImages(
                        name: "side", current: "proxy:2", repository: "docker.io/library/proxy", policy: "glob:*",
                        scanned: false, available: []),
                ])
        ]
        let text = ListImagesCommand.render(images, limit: 2, headers: true)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains { $0.hasPrefix("|   1.3") && $0.hasSuffix("01 Jan 1970 00:00:00 UTC") }, "\(text)")
        #expect(lines.contains("1.2"), "\(text)")
        #expect(lines.contains("'-> 1.1"), "the running tag is shown even past the limit: \(text)")
        #expect(lines.contains { $0.hasPrefix("'-> 2") && $0.hasSuffix("(not scanned)") }, "\(text)")
        #expect(text.contains("note: image scanning has no results"), "\(text)")
    }

    @Test func policyColumnAndRelease() {
        #expect(ListWorkloadsCommand.policy(["automated": "true", "locked": "true", "tag.x": "glob:*"]) == "automated,locked")
        #expect(ListWorkloadsCommand.release(RolloutStatus(state: "ready", desired: 2, ready: 2)) == "ready 2/2")
        #expect(ListWorkloadsCommand.release(RolloutStatus(state: "unknown")) == "unknown")
    }

    @Test func connectionDefaultsAndTimeout() throws {
        let options = try ConnectionOptions.parse(["--timeout", "90s"])
        #expect(try options.timeoutDuration() == .seconds(90))
        #expect(throws: (any Error).self) { try ConnectionOptions.parse(["--timeout", "soon"]).timeoutDuration() }
    }
}

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
        // Flux v1's outputImagesTab lines (cmd/fluxctl/format.go).
        #expect(
            ListImagesCommand.render(images, limit: 2, headers: true) == """
                WORKLOAD                CONTAINER  IMAGE                    CREATED
                default:deployment/web  main       docker.io/library/web
                                                   |   1.3                  01 Jan 70 00:00 UTC
                                                   |   1.2
                                                   '-> 1.1
                                        side       docker.io/library/proxy  image data not available
                                                   '-> 2                    ?
                note: image scanning has no results for some images yet; only the running image is shown

                """)
        // Past the limit, the running tag is still shown, after the number left out; tags
        // after it are blank-marked.
        var many = images
        many[0].containers[0].available = (1...6).reversed().map { ImageTag(tag: "1.\($0)") }
        many[0].containers[0].current = "web:1.2"
        let lines = ListImagesCommand.render(many, limit: 2, headers: false).split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(Array(lines[1...4]) == ["|   1.6", "|   1.5", ": (2 image(s) omitted)", "'-> 1.2"], "\(lines)")
        many[0].containers[0].current = "web:1.5"
        let after = ListImagesCommand.render(many, limit: 0, headers: false).split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(Array(after[1...6]) == ["|   1.6", "'-> 1.5", "1.4", "1.3", "1.2", "1.1"], "\(after)")
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

import FluxAPI
import Testing

@testable import FluxCLI

/// Flux v1's release result table (`pkg/update/print_test.go`, `TestPrintResults`), ported
/// byte for byte: the target is shown by its tag, an error line comes before the container
/// lines, workloads are sorted, and Go's tabwriter keeps the padding of an empty last cell.
/// Flux v1's workload IDs in this table are written `default/helloworld`; fluxd reports
/// `namespace:kind/name`, printed the same way.
@Suite struct FluxV1PrintResultsTests {
    static let change = ImageChange(
        workload: "default/helloworld", container: "helloworld", from: "quay.io/weaveworks/helloworld:master-a000002",
        to: "quay.io/weaveworks/helloworld:master-a000001")

    @Test func basicJustResults() {
        #expect(
            ReleaseOutput.render(JobResult(changes: [Self.change]), verbosity: 0) == """
                WORKLOAD            STATUS   UPDATES
                default/helloworld  success  helloworld: quay.io/weaveworks/helloworld:master-a000002 -> master-a000001

                """)
    }

    /// "With an error, *and* results": a container left alone in a released workload.
    @Test func withAnErrorAndResults() {
        let result = JobResult(
            changes: [Self.change], skipped: [SkippedWorkload(workload: "default/helloworld", status: "skipped", reason: "test error")])
        #expect(
            ReleaseOutput.render(result, verbosity: 0) == """
                WORKLOAD            STATUS   UPDATES
                default/helloworld  success  test error
                                             helloworld: quay.io/weaveworks/helloworld:master-a000002 -> master-a000001

                """)
    }

    /// "Service results should be sorted" (Flux v1's results had no updates; a workload
    /// released with no change is not something fluxd reports, so these are skipped ones at `-v`,
    /// with an empty reason to give Flux v1's empty UPDATES cell).
    @Test func resultsAreSorted() {
        let result = JobResult(
            skipped: ["default/d", "default/c", "default/b", "default/a"].map {
                SkippedWorkload(workload: $0, status: "skipped", reason: "")
            })
        // Each line ends in the padding of the STATUS cell (two spaces), as Go's tabwriter wrote it.
        #expect(
            ReleaseOutput.render(result, verbosity: 1)
                == "WORKLOAD   STATUS   UPDATES\n" + "default/a  skipped  \n" + "default/b  skipped  \n"
                + "default/c  skipped  \n" + "default/d  skipped  \n")
    }

    /// PrintResults' verbosity levels: 0 hides skipped and ignored workloads, 1 shows skipped,
    /// 2 shows ignored too.
    @Test(arguments: [
        (0, ["default:deployment/web"]), (1, ["default:deployment/locked", "default:deployment/web"]),
        (2, ["default:deployment/locked", "default:deployment/other", "default:deployment/web"]),
    ])
    func verbosity(_ verbosity: Int, _ shown: [String]) {
        let result = JobResult(
            changes: [ImageChange(workload: "default:deployment/web", container: "main", from: "web:1", to: "web:2")],
            skipped: [
                SkippedWorkload(workload: "default:deployment/other", status: "ignored", reason: "a different image"),
                SkippedWorkload(workload: "default:deployment/locked", status: "skipped", reason: "locked"),
            ])
        let lines = ReleaseOutput.render(result, verbosity: verbosity).split(separator: "\n").dropFirst()
        #expect(lines.map { line in String(line.prefix { $0 != " " }) } == shown)
    }

    /// A digest reference has no tag to show; it is printed whole.
    @Test func targetWithoutTagIsPrintedWhole() {
        let digest = "web@sha256:" + String(repeating: "a", count: 64)
        let text = ReleaseOutput.updates(ImageChange(workload: "w", container: "main", from: "web:1", to: digest))
        #expect(text == "main: web:1 -> \(digest)")
    }
}

import FluxAPI
import Testing

@testable import FluxCLI

/// How fluxctl shows health: the HEALTH column of list-workloads and the failure of
/// `sync --wait-healthy`.
@Suite struct HealthOutputTests {
    @Test func healthColumnShowsStatusAndReason() {
        #expect(ListWorkloadsCommand.health(HealthSummary(status: "Current", message: "Deployment is available")) == "Current")
        #expect(
            ListWorkloadsCommand.health(
                HealthSummary(status: "Failed", reason: "ProgressDeadlineExceeded", message: "Progress deadline exceeded"))
                == "Failed (ProgressDeadlineExceeded)")
        #expect(ListWorkloadsCommand.health(nil) == "")
    }

    @Test func unhealthyObjectsAreNamedWithTheirReasons() {
        let failure = HealthWaiting.Unhealthy(
            revision: "0123456789abcdef",
            objects: [
                ObjectHealthStatus(
                    apiVersion: "apps/v1", kind: "Deployment", namespace: "demo", name: "broken",
                    health: HealthSummary(status: "Failed", reason: "ProgressDeadlineExceeded", message: "Progress deadline exceeded"),
                    details: ["pod broken-1 container main: ImagePullBackOff: Back-off pulling image \"x\""]),
                ObjectHealthStatus(
                    apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", namespace: "", name: "widgets.example.com",
                    health: HealthSummary(status: "InProgress", reason: "Installing", message: "Install in progress")),
            ],
            timedOut: true)
        #expect(
            failure.description == """
                2 objects of revision 0123456 not healthy within --timeout:
                  Deployment/demo/broken: Failed (ProgressDeadlineExceeded): Progress deadline exceeded; pod broken-1 container main: ImagePullBackOff: Back-off pulling image "x"
                  CustomResourceDefinition/widgets.example.com: InProgress (Installing): Install in progress
                """)
    }
}

/// kstatus's rules for storage, networking and API extension objects (`core.go`), plus
/// APIService availability.
extension StatusRules {
    static func persistentVolumeClaim(_ object: ObjectView) -> HealthResult {
        let phase = object.string(["status", "phase"], default: "unknown")
        guard phase == "Bound" else { return .inProgress("NotBound", "PVC is not Bound. phase: \(phase)") }
        return .current("PVC is Bound")
    }

    /// kstatus counts a LoadBalancer Service ready once it has a cluster IP: many clusters
    /// (kind, bare metal) have no load-balancer controller, and their Services would never be.
    static func service(_ object: ObjectView) -> HealthResult {
        let type = object.string(["spec", "type"], default: "ClusterIP")
        if type == "LoadBalancer", object.string(["spec", "clusterIP"], default: "").isEmpty {
            return .inProgress("NoIPAssigned", "ClusterIP not set. Service type: LoadBalancer")
        }
        return .current("Service is ready")
    }

    /// A CRD is current when `Established`; names not accepted, or not established for any
    /// reason but `Installing`, is failed.
    static func customResourceDefinition(_ object: ObjectView) -> HealthResult {
        for condition in object.conditions {
            if condition.type == "NamesAccepted" && condition.status == "False" {
                return .failed(condition.reason, condition.message.isEmpty ? "Names not accepted" : condition.message)
            }
            if condition.type == "Established" {
                if condition.status == "False" && condition.reason != "Installing" {
                    return .failed(condition.reason, condition.message.isEmpty ? "Not established" : condition.message)
                }
                if condition.status == "True" { return .current("CRD is established") }
            }
        }
        return .inProgress("Installing", "Install in progress")
    }

    /// An APIService serves once its `Available` condition is true (kube-aggregator's
    /// availability controller); until then requests for its group fail.
    static func apiService(_ object: ObjectView) -> HealthResult {
        guard let available = object.condition("Available") else {
            return .inProgress("NotObserved", "APIService availability not reported yet")
        }
        if available.status == "True" { return .current("APIService is available") }
        let reason = available.reason.isEmpty ? "NotAvailable" : available.reason
        return .inProgress(reason, available.message.isEmpty ? "APIService is not available" : available.message)
    }
}

import KubernetesModel

extension SyncEngine {
    /// Waits until each applied CRD reports `Established=True`; a CRD that does not in time
    /// is reported as failed (its custom resources will then fail on their own).
    func waitForCRDs(_ crds: [DesiredObject]) async -> [ObjectResult?] {
        await concurrentMap(crds, limit: settings.concurrency) { crd in
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: settings.crdTimeout)
            var delay = Duration.milliseconds(50)
            while clock.now < deadline {
                do {
                    let live = try await cluster.get(crd.gvk, namespace: "", name: crd.key.name)
                    if Self.isEstablished(live) { return nil }
                } catch {
                    // Keep waiting: a transient error is not a verdict.
                }
                do { try await Task.sleep(for: delay) } catch { break }
                delay = min(delay * 2, .seconds(1))
            }
            return ObjectResult(
                key: crd.key, action: .failed,
                reason: "CustomResourceDefinition \(crd.key.name) was not established within \(settings.crdTimeout)")
        }
    }

    static func isEstablished(_ crd: JSONValue?) -> Bool {
        for condition in crd?[path: ["status", "conditions"]]?.arrayValue ?? [] {
            if condition["type"]?.stringValue == "Established" && condition["status"]?.stringValue == "True" {
                return true
            }
        }
        return false
    }
}

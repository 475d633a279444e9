import KubernetesModel

extension SyncEngine {
    /// Waits until each applied CRD reports `Established=True`; a CRD that does not in time
    /// is reported as failed (its custom resources will then fail on their own).
    func waitForCRDs(_ crds: [DesiredObject]) async -> [ObjectResult?] {
        let clock = self.clock
        return await concurrentMap(crds, limit: settings.concurrency) { crd in
            await waitForCRD(crd, clock: clock)
        }
    }

    /// Polls one CRD (50 ms, doubling to 1 s) until it is established or `settings.crdTimeout`
    /// of `clock`'s time has passed, with a last look at the deadline. Returns the failure, or
    /// `nil` once established. A transient error while reading is not a verdict.
    func waitForCRD<C: Clock<Duration>>(_ crd: DesiredObject, clock: C) async -> ObjectResult? {
        let deadline = clock.now.advanced(by: settings.crdTimeout)
        var delay = Duration.milliseconds(50)
        var last: JSONValue?
        while true {
            do {
                last = try await cluster.get(crd.gvk, namespace: "", name: crd.key.name)
                if Self.isEstablished(last) { return nil }
            } catch {
                logger.debug("reading a CRD failed; still waiting", metadata: ["crd": "\(crd.key.name)", "error": "\(error)"])
            }
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { break }
            do {
                try await clock.sleep(for: min(delay, remaining))
            } catch {
                return failure(crd, "was not confirmed established: the sync was cancelled")
            }
            delay = min(delay * 2, .seconds(1))
        }
        var message = "was not established within \(GoDuration(settings.crdTimeout))"
        if let why = Self.notEstablishedReason(last) { message += " (\(why))" }
        return failure(crd, message)
    }

    private func failure(_ crd: DesiredObject, _ message: String) -> ObjectResult {
        let error = ApplyError(
            code: .crdNotEstablished, message: "CustomResourceDefinition \(crd.key.name) \(message)", object: crd.key,
            source: crd.source)
        return ObjectResult(key: crd.key, action: .failed, reason: error.description)
    }

    static func isEstablished(_ crd: JSONValue?) -> Bool {
        for condition in crd?[path: ["status", "conditions"]]?.arrayValue ?? [] {
            if condition["type"]?.stringValue == "Established" && condition["status"]?.stringValue == "True" {
                return true
            }
        }
        return false
    }

    /// What the API server said against the CRD (`NamesAccepted=False: "widgets" is already in
    /// use`), so the user sees why it never became established; `nil` when it said nothing.
    static func notEstablishedReason(_ crd: JSONValue?) -> String? {
        let conditions = crd?[path: ["status", "conditions"]]?.arrayValue ?? []
        let reasons = conditions.compactMap { condition -> String? in
            guard let type = condition["type"]?.stringValue, condition["status"]?.stringValue == "False" else { return nil }
            let detail = condition["message"]?.stringValue ?? condition["reason"]?.stringValue ?? ""
            return detail.isEmpty ? "\(type)=False" : "\(type)=False: \(detail)"
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }
}

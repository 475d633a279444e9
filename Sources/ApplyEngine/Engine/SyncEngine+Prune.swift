import KubernetesModel

extension SyncEngine {
    /// Deletes what the previous inventory had, the current set lacks, and still carries
    /// this installation's mark and no ignore annotation. Returns the candidates to keep in the
    /// inventory: all but those deleted, already gone, or no longer carrying this mark. Kinds
    /// excluded by `--k8s-unsafe-exclude-resource` are never pruned, and not kept either.
    func prune(previous: [InventoryEntry], current: Set<ObjectKey>, into changes: inout ChangeSet) async -> [InventoryEntry] {
        var candidates = previous.filter { !current.contains($0.key) }
        let excluded = candidates.filter { entry in
            settings.excludedResources.contains { Glob.matches(pattern: $0, "\(entry.apiVersion)/\(entry.key.kind)") }
        }
        if !excluded.isEmpty {
            for entry in excluded {
                logger.info("not pruning", metadata: ["object": "\(entry.key)", "reason": "excluded by --k8s-unsafe-exclude-resource"])
            }
            candidates.removeAll { excluded.contains($0) }
        }
        guard !candidates.isEmpty else { return [] }
        if let refusal = PrunePlan.refusal(candidates: candidates.count, current: current) {
            changes.errors.append(refusal)
            logger.error("prune refused: sync rendered no objects", metadata: ["candidates": "\(candidates.count)"])
            return candidates
        }
        let lookups = await concurrentMap(candidates, limit: settings.concurrency) { entry -> (ObjectKey, JSONValue?, String?) in
            do {
                let live = try await cluster.get(entry.gvk, namespace: entry.key.namespace, name: entry.key.name)
                return (entry.key, live, nil)
            } catch {
                return (entry.key, nil, "\(error)")
            }
        }
        var live: [ObjectKey: JSONValue?] = [:]
        for (key, object, failure) in lookups {
            if let failure {
                changes.results.append(ObjectResult(key: key, action: .failed, reason: "prune: \(failure)"))
                continue
            }
            live[key] = object
        }
        let plan = PrunePlan.make(
            previous: candidates, current: current, live: live, mark: settings.mark, filter: settings.filter)
        for (key, reason) in plan.kept {
            logger.info("not pruning", metadata: ["object": "\(key)", "reason": "\(reason)"])
        }
        let versions = Dictionary(candidates.map { ($0.key, $0.gvk) }, uniquingKeysWith: { first, _ in first })
        var forgotten: Set<ObjectKey> = []
        for entry in candidates {
            // Gone, or taken over by someone else: nothing left for this installation to prune.
            if let found = live[entry.key], found == nil || !settings.mark.isCarried(by: found) {
                forgotten.insert(entry.key)
            }
        }
        for batch in plan.deletions {
            if settings.garbageCollectionDry {
                for key in batch {
                    changes.pruneNotes.append("would prune \(key)")
                    logger.info("garbage collection (dry run): would delete", metadata: ["object": "\(key)"])
                }
                continue
            }
            let results = await concurrentMap(batch, limit: settings.concurrency) { key -> ObjectResult in
                guard let gvk = versions[key] else { return ObjectResult(key: key, action: .failed, reason: "no version") }
                do {
                    try await cluster.delete(gvk, namespace: key.namespace, name: key.name)
                    return ObjectResult(key: key, action: .pruned)
                } catch {
                    return ObjectResult(key: key, action: .failed, reason: "prune: \(error)")
                }
            }
            changes.results.append(contentsOf: results)
            for result in results where result.action == .pruned { forgotten.insert(result.key) }
        }
        return candidates.filter { !forgotten.contains($0.key) }
    }
}

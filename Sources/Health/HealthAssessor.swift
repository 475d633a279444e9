import Foundation
import KubernetesClient
import KubernetesModel

/// An object whose health fluxd follows: what a sync applied.
public struct HealthTarget: Sendable, Hashable {
    public var key: ObjectKey
    public var apiVersion: String

    public init(key: ObjectKey, apiVersion: String) {
        self.key = key
        self.apiVersion = apiVersion
    }

    var gvk: GroupVersionKind { GroupVersionKind(apiVersion: apiVersion, kind: key.kind) }
}

/// Reads the live state of objects and judges each with `StatusRules`. Objects of one kind
/// in one namespace are read with one LIST when there are several, else one GET each; for a
/// workload that is not current, its pods are read to say why (a container that cannot pull
/// its image, crash-loops, or a pod that cannot be scheduled).
public struct HealthAssessor: Sendable {
    public let client: KubernetesClient
    /// From this many objects of one kind and namespace on, one LIST replaces the GETs.
    public var listThreshold = 4

    public init(client: KubernetesClient) {
        self.client = client
    }

    public func assess(_ targets: [HealthTarget], now: Date = Date()) async -> [ObjectHealth] {
        var groups: [GroupKey: [HealthTarget]] = [:]
        for target in targets {
            groups[GroupKey(apiVersion: target.apiVersion, kind: target.key.kind, namespace: target.key.namespace), default: []]
                .append(target)
        }
        var results: [ObjectHealth] = []
        for (group, members) in groups.sorted(by: { $0.key < $1.key }) {
            results += await assess(group: group, members: members, now: now)
        }
        return results.sorted { $0.key < $1.key }
    }

    struct GroupKey: Hashable, Comparable {
        var apiVersion: String
        var kind: String
        var namespace: String

        static func < (lhs: GroupKey, rhs: GroupKey) -> Bool {
            (lhs.kind, lhs.namespace, lhs.apiVersion) < (rhs.kind, rhs.namespace, rhs.apiVersion)
        }
    }

    func assess(group: GroupKey, members: [HealthTarget], now: Date) async -> [ObjectHealth] {
        let gvk = GroupVersionKind(apiVersion: group.apiVersion, kind: group.kind)
        let namespace = group.namespace.isEmpty ? nil : group.namespace
        var live: [String: JSONValue] = [:]
        var failures: [String: String] = [:]
        if members.count >= listThreshold {
            do {
                for item in try await client.listAll(gvk, namespace: namespace).items {
                    if let name = item.name { live[name] = item }
                }
            } catch {
                for member in members { failures[member.key.name] = "\(error)" }
            }
        } else {
            for member in members {
                do {
                    live[member.key.name] = try await client.get(gvk, namespace: namespace, name: member.key.name)
                } catch  where error.isNotFound {
                    continue
                } catch {
                    failures[member.key.name] = "\(error)"
                }
            }
        }
        var results: [ObjectHealth] = []
        for member in members {
            if let failure = failures[member.key.name] {
                results.append(
                    ObjectHealth(
                        key: member.key, apiVersion: member.apiVersion,
                        result: HealthResult(.unknown, reason: "ReadFailed", message: "cannot read it: \(failure)")))
                continue
            }
            guard let object = live[member.key.name] else {
                results.append(
                    ObjectHealth(
                        key: member.key, apiVersion: member.apiVersion,
                        result: HealthResult(.notFound, reason: "NotFound", message: "not found in the cluster")))
                continue
            }
            let result = StatusRules.compute(object, now: now)
            var details: [String] = []
            if result.status != .current, PodDiagnosis.workloadKinds.contains(member.key.kind) {
                details = await PodDiagnosis(client: client).explain(object)
            }
            results.append(ObjectHealth(key: member.key, apiVersion: member.apiVersion, result: result, details: details))
        }
        return results
    }
}

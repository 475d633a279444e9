import ImagePolicy
import KubernetesClient
import KubernetesModel
import Logging
import Registry

/// Why the cluster's workloads could not be listed.
public struct WorkloadListError: Error, Sendable, CustomStringConvertible {
    public var kind: String
    /// The namespace listed, `nil` for all namespaces.
    public var namespace: String?
    public var underlying: KubernetesError

    public var description: String {
        "cannot list \(kind) in \(namespace.map { "namespace \($0)" } ?? "all namespaces"): \(underlying)"
    }
}

/// Lists the cluster's workloads (Deployments, StatefulSets, DaemonSets, CronJobs, and Flux v1
/// HelmReleases where the cluster serves them) with their containers' images, their policy annotations and the registry credentials their pods may
/// use: `imagePullSecrets` of the pod template and of its ServiceAccount (`kubernetes.io/dockerconfigjson`
/// and `kubernetes.io/dockercfg` Secrets), over the `--docker-config` keychain.
///
/// Each call is one pass: ServiceAccounts and Secrets are read once per pass however many
/// workloads share them, a few at a time.
public struct ClusterWorkloads: Sendable {
    /// The workload kinds listed.
    public static let kinds: [GroupVersionKind] = [
        GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"),
        GroupVersionKind(group: "apps", version: "v1", kind: "StatefulSet"),
        GroupVersionKind(group: "apps", version: "v1", kind: "DaemonSet"),
        GroupVersionKind(group: "batch", version: "v1", kind: "CronJob"),
        GroupVersionKind(group: "helm.fluxcd.io", version: "v1", kind: "HelmRelease"),
        GroupVersionKind(group: "flux.weave.works", version: "v1beta1", kind: "HelmRelease"),
        GroupVersionKind(group: "helm.integrations.flux.weave.works", version: "v1alpha2", kind: "FluxHelmRelease"),
    ]

    public let client: KubernetesClient
    /// Namespaces to list (`--k8s-allow-namespace`); empty lists all namespaces.
    public let allowedNamespaces: [String]
    /// Credentials from `--docker-config`, the base every workload's keychain starts from.
    public let dockerConfig: Keychain
    let logger: Logger
    /// ServiceAccount and Secret reads in flight at once.
    let lookupWidth = 8

    public init(client: KubernetesClient, allowedNamespaces: [String] = [], dockerConfig: Keychain = Keychain(), logger: Logger) {
        self.client = client
        self.allowedNamespaces = Array(Set(allowedNamespaces)).sorted()
        self.dockerConfig = dockerConfig
        self.logger = logger
    }

    /// Every workload, sorted by ID. A kind the cluster does not serve is skipped; any other
    /// list failure is thrown. Credential problems are reported per workload (`problems`).
    public func list() async throws(WorkloadListError) -> [Workload] {
        let objects = try await listObjects()
        let templates = objects.map { ($0, PodTemplate(of: $0)) }

        let accountKeys = Set(
            templates.compactMap { object, template in
                object.namespace.map { ObjectKeyName(namespace: $0, name: template.serviceAccountName) }
            })
        let client = self.client
        let accounts = await Self.concurrentMap(Array(accountKeys), width: lookupWidth) { key in
            await Self.serviceAccountSecrets(key, client: client)
        }
        var secretKeys = Set<ObjectKeyName>()
        for (object, template) in templates {
            guard let namespace = object.namespace else { continue }
            let account = ObjectKeyName(namespace: namespace, name: template.serviceAccountName)
            for name in (accounts[account]?.names ?? []) + template.imagePullSecrets {
                secretKeys.insert(ObjectKeyName(namespace: namespace, name: name))
            }
        }
        let secrets = await Self.concurrentMap(Array(secretKeys), width: lookupWidth) { key in
            await Self.pullSecret(key, client: client)
        }

        var workloads: [Workload] = []
        for (object, template) in templates {
            guard let namespace = object.namespace, let name = object.name, let kind = object.kind else { continue }
            let account = accounts[ObjectKeyName(namespace: namespace, name: template.serviceAccountName)]
            var problems = template.problems
            if let problem = account?.problem { problems.append(problem) }
            let secretNames = (account?.names ?? []) + template.imagePullSecrets
            var keychain = dockerConfig
            for secretName in secretNames {
                switch secrets[ObjectKeyName(namespace: namespace, name: secretName)] {
                case .success(let credentials): keychain = keychain.merging(credentials)
                case .failure(let problem): problems.append(problem.description)
                case nil: break
                }
            }
            let id = WorkloadID(namespace: namespace, kind: kind, name: name)
            workloads.append(
                Workload(
                    id: id, containers: template.containers,
                    policies: WorkloadPolicies(annotations: object.annotations, workload: id),
                    serviceAccountName: template.serviceAccountName, imagePullSecrets: secretNames,
                    keychain: keychain, problems: problems))
        }
        return workloads.sorted { $0.id < $1.id }
    }

    private func listObjects() async throws(WorkloadListError) -> [JSONValue] {
        let namespaces: [String?] = allowedNamespaces.isEmpty ? [nil] : allowedNamespaces.map { $0 }
        var objects: [JSONValue] = []
        for gvk in Self.kinds {
            for namespace in namespaces {
                do {
                    objects += try await client.listAll(gvk, namespace: namespace).items
                } catch {
                    if error.isUnknownKind || error.isNotFound {
                        logger.debug("workload kind not served", metadata: ["kind": "\(gvk)"])
                        continue
                    }
                    throw WorkloadListError(kind: gvk.kind, namespace: namespace, underlying: error)
                }
            }
        }
        return objects
    }

    /// The pull secret names of a ServiceAccount; a missing one has none (clusters without the
    /// ServiceAccount controller have no `default`), any other failure is a problem.
    private static func serviceAccountSecrets(_ key: ObjectKeyName, client: KubernetesClient) async -> AccountSecrets {
        do {
            let account = try await client.get(
                GroupVersionKind(group: "", version: "v1", kind: "ServiceAccount"), namespace: key.namespace, name: key.name)
            let names = (account["imagePullSecrets"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            return AccountSecrets(names: names.filter { !$0.isEmpty }, problem: nil)
        } catch {
            if error.isNotFound { return AccountSecrets(names: [], problem: nil) }
            return AccountSecrets(names: [], problem: "ServiceAccount \(key): \(error)")
        }
    }

    /// The credentials of one pull secret, or why there are none.
    private static func pullSecret(_ key: ObjectKeyName, client: KubernetesClient) async -> Result<Keychain, PullSecretProblem> {
        let secret: JSONValue
        do {
            secret = try await client.get(
                GroupVersionKind(group: "", version: "v1", kind: "Secret"), namespace: key.namespace, name: key.name)
        } catch {
            let reason = error.isNotFound ? "not found" : error.description
            return .failure(PullSecretProblem(description: "pull secret \(key): \(reason)"))
        }
        do {
            return .success(try Keychain.parse(pullSecret: secret))
        } catch {
            return .failure(PullSecretProblem(description: error.description))
        }
    }

    /// Runs `body` for every key, at most `width` at once (KubernetesModel's `concurrentMap`).
    static func concurrentMap<Value: Sendable>(
        _ keys: [ObjectKeyName], width: Int, _ body: @escaping @Sendable (ObjectKeyName) async -> Value
    ) async -> [ObjectKeyName: Value] {
        let values = await KubernetesModel.concurrentMap(keys, limit: width, body)
        return Dictionary(zip(keys, values), uniquingKeysWith: { first, _ in first })
    }
}

/// `namespace/name` of a ServiceAccount or Secret.
struct ObjectKeyName: Sendable, Hashable, CustomStringConvertible {
    var namespace: String
    var name: String
    var description: String { "\(namespace)/\(name)" }
}

struct AccountSecrets: Sendable {
    var names: [String]
    var problem: String?
}

struct PullSecretProblem: Error, Sendable, CustomStringConvertible {
    var description: String
}

import EmbeddedCluster
import Foundation
import ImageAutomation
import KubernetesClient
import KubernetesModel
import Logging
import Registry
import TestSupport

let testLogger: Logger = {
    var logger = Logger(label: "image-automation-tests")
    logger.logLevel = .warning
    return logger
}()

/// Runs `body` with a client of a fresh in-process embedded cluster.
func withCluster<T: Sendable>(_ body: (KubernetesClient) async throws -> T) async throws -> T {
    let directory = try TemporaryDirectory(prefix: "scan-cluster")
    defer { directory.remove() }
    var clusterLogger = testLogger
    clusterLogger.logLevel = .critical  // its shutdown logs a cancelled child channel as an error
    return try await EmbeddedCluster.withRunning(EmbeddedClusterConfiguration(logger: clusterLogger)) { running in
        let path = directory.path + "/kubeconfig"
        try running.writeKubeconfig(to: path)
        let configuration = try KubeConfig.load(kubeconfigPath: path)
        return try await KubernetesClient.withClient(configuration, logger: testLogger) { client in
            try await body(client)
        }
    }
}

/// Starts a registry for one test and always stops it.
func withRegistry<T>(auth: RegistryServer.Auth = .none, _ body: (RegistryServer) async throws -> T) async throws -> T {
    let server = try await RegistryServer.start(auth: auth)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Pushes single-platform images (tag → created time) to `host/repository`.
func push(_ images: [(tag: String, created: String)], to host: String, repository: String, credentials: String? = nil)
    async throws
{
    let directory = try TemporaryDirectory(prefix: "oci")
    defer { directory.remove() }
    let layout = try OCIImageLayout(path: directory.path + "/layout")
    for image in images {
        try await layout.add(OCITestImage(created: image.created, content: repository + image.tag), tag: image.tag)
        try await layout.push(tag: image.tag, to: "\(host)/\(repository):\(image.tag)", credentials: credentials)
    }
}

/// Settings for tests: plain HTTP to `hosts`, short timeouts, cache in memory unless given.
func scanSettings(insecure hosts: [String], exclude: [String] = [], cacheFile: String? = nil) -> ImageScanSettings {
    var settings = ImageScanSettings()
    settings.registry.insecureHosts = Set(hosts)
    settings.registry.excludeImages = exclude
    settings.registry.connectTimeout = .seconds(2)
    settings.registry.requestTimeout = .seconds(10)
    settings.registry.requestsPerSecond = 1000
    settings.registry.burst = 100
    settings.cacheFile = cacheFile
    return settings
}

/// Runs `body` with a scan service over `client`'s workloads and a registry client built
/// from `settings`.
func withService<T: Sendable>(
    _ settings: ImageScanSettings, client: KubernetesClient, _ body: (ImageScanService) async throws -> T
) async throws -> T {
    try await RegistryClient.withClient(options: settings.registry, logger: testLogger) { registry in
        try await body(ImageScanService(settings: settings, kubernetes: client, registry: registry, logger: testLogger))
    }
}

/// The API requests the registry logged from `agent` (`GET /v2/app/manifests/1.0`), in order;
/// by default those of SwiftFlux's registry client, not skopeo's pushes.
func registryRequests(_ server: RegistryServer, agent: String = "swiftflux") -> [String] {
    server.logText.split(separator: "\n").compactMap { line -> String? in
        guard line.contains("msg=\"response completed"), field("http.request.useragent", in: line) == agent,
            let method = field("http.request.method", in: line), let uri = field("http.request.uri", in: line)
        else { return nil }
        return method + " " + uri
    }
}

/// `registryRequests` once the registry's log has stopped growing (it logs a request as the
/// response completes, so the last lines may trail the client by a moment); at most 5 s.
func settledRequests(_ server: RegistryServer) async throws -> [String] {
    var previous = registryRequests(server)
    for _ in 0..<25 {
        try await Task.sleep(for: .milliseconds(200))
        let current = registryRequests(server)
        if current == previous { return current }
        previous = current
    }
    return previous
}

private func field(_ name: String, in line: Substring) -> String? {
    guard let range = line.range(of: " " + name + "=") else { return nil }
    var value = line[range.upperBound...]
    if value.hasPrefix("\"") {
        value = value.dropFirst()
        return value.firstIndex(of: "\"").map { String(value[..<$0]) }
    }
    return String(value.prefix { $0 != " " })
}

// MARK: cluster objects

func namespace(_ name: String) -> JSONValue {
    ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]]
}

func serviceAccount(_ name: String, namespace: String, pullSecrets: [String]) -> JSONValue {
    [
        "apiVersion": "v1", "kind": "ServiceAccount",
        "metadata": ["name": .string(name), "namespace": .string(namespace)],
        "imagePullSecrets": .array(pullSecrets.map { ["name": .string($0)] }),
    ]
}

/// A `kubernetes.io/dockerconfigjson` Secret (`auths` with `auth`), or with `legacy` a
/// `kubernetes.io/dockercfg` one (`username`/`password` without `auths`).
func pullSecret(_ name: String, namespace: String, host: String, username: String, password: String, legacy: Bool = false)
    -> JSONValue
{
    let auth = Data("\(username):\(password)".utf8).base64EncodedString()
    let json =
        legacy
        ? #"{"\#(host)":{"username":"\#(username)","password":"\#(password)"}}"#
        : #"{"auths":{"http://\#(host)":{"auth":"\#(auth)"}}}"#
    let key = legacy ? ".dockercfg" : ".dockerconfigjson"
    var data = JSONObject()
    data[key] = .string(Data(json.utf8).base64EncodedString())
    return [
        "apiVersion": "v1", "kind": "Secret",
        "metadata": ["name": .string(name), "namespace": .string(namespace)],
        "type": .string(legacy ? "kubernetes.io/dockercfg" : "kubernetes.io/dockerconfigjson"),
        "data": .object(data),
    ]
}

struct Container {
    var name: String
    var image: String
    var isInit = false
}

/// A workload of `kind` whose pod template runs `containers`.
func workload(
    _ kind: String, _ name: String, namespace: String, containers: [Container], annotations: [String: String] = [:],
    serviceAccount: String? = nil, pullSecrets: [String] = []
) -> JSONValue {
    func list(_ containers: [Container]) -> JSONValue {
        .array(containers.map { ["name": .string($0.name), "image": .string($0.image)] })
    }
    var podSpec: JSONObject = ["containers": list(containers.filter { !$0.isInit })]
    let initContainers = containers.filter(\.isInit)
    if !initContainers.isEmpty { podSpec["initContainers"] = list(initContainers) }
    if let serviceAccount { podSpec["serviceAccountName"] = .string(serviceAccount) }
    if !pullSecrets.isEmpty { podSpec["imagePullSecrets"] = .array(pullSecrets.map { ["name": .string($0)] }) }
    if kind == "CronJob" { podSpec["restartPolicy"] = "OnFailure" }
    let template: JSONValue = ["metadata": ["labels": ["app": .string(name)]], "spec": .object(podSpec)]
    var metadata: JSONObject = ["name": .string(name), "namespace": .string(namespace)]
    if !annotations.isEmpty {
        var values = JSONObject()
        for (key, value) in annotations.sorted(by: { $0.key < $1.key }) { values[key] = .string(value) }
        metadata["annotations"] = .object(values)
    }
    let selector: JSONValue = ["matchLabels": ["app": .string(name)]]
    let spec: JSONValue
    switch kind {
    case "CronJob": spec = ["schedule": "*/5 * * * *", "jobTemplate": ["spec": ["template": template]]]
    case "StatefulSet": spec = ["selector": selector, "serviceName": .string(name), "template": template]
    default: spec = ["selector": selector, "template": template]
    }
    return [
        "apiVersion": .string(kind == "CronJob" ? "batch/v1" : "apps/v1"), "kind": .string(kind),
        "metadata": .object(metadata), "spec": spec,
    ]
}

func create(_ client: KubernetesClient, _ objects: [JSONValue]) async throws {
    for object in objects { _ = try await client.create(object) }
}

import KubernetesModel

/// Where a proxied request goes: the pod's or endpoint's address, as kube-apiserver's
/// `ResourceLocation` builds the upstream URL.
struct ProxyLocation: Sendable, Equatable {
    /// `http` or `https` (an empty scheme in the id means http).
    var scheme: String
    /// An IP address (IPv6 without brackets).
    var ip: String
    /// The port as given or found; empty means the scheme's default (Go dials `ip:80`).
    var port: String

    /// `ip:port` as Go's `net.JoinHostPort` writes it, or the bare (bracketed) IP.
    var hostPort: String {
        let host = ip.contains(":") ? "[\(ip)]" : ip
        return port.isEmpty ? host : "\(host):\(port)"
    }

    /// The address Go's dialer reports in errors: the port defaulted from the scheme.
    var dialAddress: String {
        let host = ip.contains(":") ? "[\(ip)]" : ip
        return "\(host):\(port.isEmpty ? (scheme == "https" ? "443" : "80") : port)"
    }
}

/// Finds the upstream of a pod or service proxy request in the store, with
/// kube-apiserver's errors (pod `strategy.go` `ResourceLocation`, service
/// `storage.go` `ResourceLocation`).
struct ProxyResolver: Sendable {
    let store: ClusterStore

    func location(for path: ProxyPath) async throws(Status) -> ProxyLocation {
        switch path.resource {
        case .pods: return try await pod(namespace: path.namespace, id: path.id)
        case .services: return try await service(namespace: path.namespace, id: path.id)
        }
    }

    /// `name[:port]` or `scheme:name:port`; without a port, the first declared container
    /// port. The pod must have an address (`status.podIPs[0]`, else `status.podIP`).
    func pod(namespace: String, id: String) async throws(Status) -> ProxyLocation {
        guard let parsed = ProxyID(id) else { throw APIError.badRequest("invalid pod request \"\(id)\"") }
        let pod = try await object("pods", namespace: namespace, name: parsed.name)
        var port = parsed.port
        if port.isEmpty {
            for container in pod[path: ["spec", "containers"]]?.arrayValue ?? [] {
                if let first = container["ports"]?.arrayValue?.first {
                    port = first["containerPort"]?.intValue.map { String($0) } ?? ""
                    break
                }
            }
        }
        let ip = Self.podIPs(pod).first ?? ""
        guard ProxyAddress.allowed(ip) else { throw APIError.badRequest("address not allowed") }
        return ProxyLocation(scheme: parsed.scheme.isEmpty ? "http" : parsed.scheme, ip: ip, port: port)
    }

    /// `name[:port]` or `scheme:name:port`, where a numeric port is the service port
    /// (mapped to its name) and a name is the port name; the address comes from the
    /// Endpoints object of the same name, limited to addresses of existing pods.
    func service(namespace: String, id: String) async throws(Status) -> ProxyLocation {
        guard let parsed = ProxyID(id) else { throw APIError.badRequest("invalid service request \"\(id)\"") }
        var portName = parsed.port
        if let number = Int64(parsed.port) {
            let service = try await object("services", namespace: namespace, name: parsed.name)
            let ports = service[path: ["spec", "ports"]]?.arrayValue ?? []
            guard let match = ports.first(where: { $0["port"]?.intValue == number }) else {
                throw APIError.serviceUnavailable("no service port \(number) found for service \"\(parsed.name)\"")
            }
            portName = match["name"]?.stringValue ?? ""
        }
        let endpoints = try await object("endpoints", namespace: namespace, name: parsed.name)
        let subsets = endpoints["subsets"]?.arrayValue ?? []
        guard !subsets.isEmpty else {
            throw APIError.serviceUnavailable("no endpoints available for service \"\(parsed.name)\"")
        }
        for subset in subsets {
            let addresses = subset["addresses"]?.arrayValue ?? []
            guard !addresses.isEmpty else { continue }
            for port in subset["ports"]?.arrayValue ?? [] where (port["name"]?.stringValue ?? "") == portName {
                for address in addresses {
                    guard let ip = address["ip"]?.stringValue,
                        await isValid(address, ip: ip, namespace: namespace)
                    else { continue }
                    return ProxyLocation(
                        scheme: parsed.scheme.isEmpty ? "http" : parsed.scheme, ip: ip,
                        port: port["port"]?.intValue.map { String($0) } ?? "")
                }
            }
        }
        throw APIError.serviceUnavailable("no endpoints available for service \"\(id)\"")
    }

    /// `isValidAddress`: the address names a pod of the namespace that has this IP.
    func isValid(_ address: JSONValue, ip: String, namespace: String) async -> Bool {
        guard let target = address["targetRef"], target["namespace"]?.stringValue == namespace,
            let name = target["name"]?.stringValue
        else { return false }
        do {
            let pod = try await object("pods", namespace: namespace, name: name)
            return Self.podIPs(pod).contains(ip)
        } catch {
            return false
        }
    }

    func object(_ plural: String, namespace: String, name: String) async throws(Status) -> JSONValue {
        guard let type = await store.resourceType(group: "", version: "v1", plural: plural) else {
            throw APIError.notFound(group: "", resource: plural, name: name)
        }
        return try await store.get(type, namespace: namespace, name: name)
    }

    /// `status.podIPs[*].ip`, or `status.podIP` alone (the v1 conversion fills podIPs from it).
    static func podIPs(_ pod: JSONValue) -> [String] {
        let listed = (pod[path: ["status", "podIPs"]]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue }
        if !listed.isEmpty { return listed }
        if let single = pod[path: ["status", "podIP"]]?.stringValue, !single.isEmpty { return [single] }
        return []
    }
}

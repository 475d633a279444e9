import KubernetesModel

/// Cells kube-apiserver's printers compute for built-in kinds.
enum BuiltinCells {
    static func cell(_ id: String, _ object: JSONValue) -> JSONValue {
        let spec = object["spec"] ?? .null
        let status = object["status"] ?? .null
        switch id {
        case "dataCount":
            return .integer(Int64((object["data"]?.objectValue?.count ?? 0) + (object["binaryData"]?.objectValue?.count ?? 0)))
        case "readyOfReplicas":
            let ready = status["readyReplicas"]?.intValue ?? 0
            return .string("\(ready)/\(spec["replicas"]?.intValue ?? 1)")
        case "externalIP":
            let ips = (status[path: ["loadBalancer", "ingress"]]?.arrayValue ?? []).compactMap {
                $0["ip"]?.stringValue ?? $0["hostname"]?.stringValue
            }
            let external = (spec["externalIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
            let all = ips + external
            if !all.isEmpty { return .string(all.joined(separator: ",")) }
            if spec["type"]?.stringValue == "LoadBalancer" { return "<pending>" }
            if spec["type"]?.stringValue == "ExternalName" { return spec["externalName"] ?? "<none>" }
            return "<none>"
        case "servicePorts":
            let ports = (spec["ports"]?.arrayValue ?? []).map { port -> String in
                let number = port["port"]?.intValue ?? 0
                let proto = port["protocol"]?.stringValue ?? "TCP"
                if let node = port["nodePort"]?.intValue { return "\(number):\(node)/\(proto)" }
                return "\(number)/\(proto)"
            }
            return .string(ports.isEmpty ? "<none>" : ports.joined(separator: ","))
        case "serviceSelector":
            let selector = spec["selector"]?.objectValue ?? JSONObject()
            if selector.isEmpty { return "<none>" }
            return .string(selector.keys.sorted().map { "\($0)=\(selector[$0]?.stringValue ?? "")" }.joined(separator: ","))
        case "podReady":
            let containers = spec["containers"]?.arrayValue?.count ?? 0
            let ready = (status["containerStatuses"]?.arrayValue ?? []).filter { $0["ready"]?.boolValue == true }.count
            return .string("\(ready)/\(containers)")
        case "podStatus":
            // kubectl's printPod: the phase, else a container's waiting or terminated reason.
            var reason = status["reason"]?.stringValue ?? status["phase"]?.stringValue ?? "Pending"
            for container in status["containerStatuses"]?.arrayValue ?? [] {
                if let waiting = container[path: ["state", "waiting", "reason"]]?.stringValue, !waiting.isEmpty {
                    reason = waiting
                } else if let terminated = container[path: ["state", "terminated", "reason"]]?.stringValue, !terminated.isEmpty {
                    reason = terminated
                }
            }
            if object[path: ["metadata", "deletionTimestamp"]] != nil { reason = "Terminating" }
            return .string(reason)
        case "podRestarts":
            let restarts = (status["containerStatuses"]?.arrayValue ?? []).reduce(Int64(0)) { $0 + ($1["restartCount"]?.intValue ?? 0) }
            return .integer(restarts)
        case "eventObject":
            let kind = object[path: ["involvedObject", "kind"]]?.stringValue ?? ""
            let name = object[path: ["involvedObject", "name"]]?.stringValue ?? ""
            return .string("\(kind.lowercased())/\(name)")
        case "endpoints":
            var addresses: [String] = []
            for subset in object["subsets"]?.arrayValue ?? [] {
                let ports = (subset["ports"]?.arrayValue ?? []).compactMap { $0["port"]?.intValue }
                for address in subset["addresses"]?.arrayValue ?? [] {
                    let ip = address["ip"]?.stringValue ?? ""
                    if ports.isEmpty { addresses.append(ip) } else { addresses += ports.map { "\(ip):\($0)" } }
                }
            }
            return .string(addresses.isEmpty ? "<none>" : addresses.joined(separator: ","))
        case "jobStatus":
            let conditions = status["conditions"]?.arrayValue ?? []
            func has(_ type: String) -> Bool {
                conditions.contains { $0["type"]?.stringValue == type && $0["status"]?.stringValue == "True" }
            }
            if has("Complete") { return "Complete" }
            if has("Failed") { return "Failed" }
            if object[path: ["metadata", "deletionTimestamp"]] != nil { return "Terminating" }
            if spec["suspend"]?.boolValue == true { return "Suspended" }
            return "Running"
        case "jobCompletions":
            let succeeded = status["succeeded"]?.intValue ?? 0
            if let completions = spec["completions"]?.intValue { return .string("\(succeeded)/\(completions)") }
            return .string("\(succeeded)/1")
        case "cronActive":
            return .integer(Int64(status["active"]?.arrayValue?.count ?? 0))
        case "bindingRole":
            return .string(
                "\(object[path: ["roleRef", "kind"]]?.stringValue ?? "")/\(object[path: ["roleRef", "name"]]?.stringValue ?? "")")
        case "ingressHosts":
            let hosts = (spec["rules"]?.arrayValue ?? []).compactMap { $0["host"]?.stringValue }
            return .string(hosts.isEmpty ? "*" : hosts.joined(separator: ","))
        case "ingressAddress":
            let ips = (status[path: ["loadBalancer", "ingress"]]?.arrayValue ?? []).compactMap {
                $0["ip"]?.stringValue ?? $0["hostname"]?.stringValue
            }
            return .string(ips.joined(separator: ","))
        case "ingressPorts":
            return .string(spec["tls"]?.arrayValue?.isEmpty == false ? "80, 443" : "80")
        case "podSelector":
            let selector = spec["podSelector"]?["matchLabels"]?.objectValue ?? JSONObject()
            if selector.isEmpty { return "<none>" }
            return .string(selector.keys.sorted().map { "\($0)=\(selector[$0]?.stringValue ?? "")" }.joined(separator: ","))
        case "hpaReference":
            let kind = spec[path: ["scaleTargetRef", "kind"]]?.stringValue ?? ""
            let name = spec[path: ["scaleTargetRef", "name"]]?.stringValue ?? ""
            return .string("\(kind)/\(name)")
        default:
            return .null
        }
    }
}

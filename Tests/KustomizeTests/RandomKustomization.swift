import Foundation

/// SplitMix64: a small, seedable generator, so a failing random case can be made again
/// from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random layered kustomization: one or two bases of workloads, services, config and
/// RBAC, overlays over them (sometimes two over one base, a diamond), a component, and on
/// every level a random choice of kustomize's fields — prefixes and suffixes, namespaces,
/// labels and annotations, generators with their options and behaviours, images, replicas,
/// strategic merge and JSON patches with targets, replacements. The files are written to a
/// directory; `root` is the kustomization to build.
struct RandomKustomization {
    var rng: SplitMix64
    var files: [String: String] = [:]

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
    mutating func count(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

    static let apps = ["web", "api", "worker", "db"]
    static let images = ["nginx", "nginx:1.25", "redis:7", "ghcr.io/acme/api:v1", "busybox@sha256:" + String(repeating: "a", count: 64)]

    /// Builds the tree; returns the directory (relative) to build.
    mutating func generate() -> String {
        let bases = count(1...2)
        var baseDirs: [String] = []
        for index in 0..<bases {
            let dir = "base\(index)"
            writeBase(dir, app: Self.apps[index])
            baseDirs.append(dir)
        }
        let component = chance(40) ? writeComponent("components/extra") : nil
        // Overlays: one over every base, sometimes a second over the first base (a diamond).
        var overlays: [String] = []
        for (index, base) in baseDirs.enumerated() {
            let dir = "overlays/o\(index)"
            writeOverlay(dir, resources: ["../../\(base)"], components: component.map { ["../../\($0)"] } ?? [], app: Self.apps[index])
            overlays.append(dir)
        }
        if chance(30) {
            let dir = "overlays/twin"
            writeOverlay(dir, resources: ["../../base0"], components: [], app: Self.apps[0], forceRename: true)
            overlays.append(dir)
        }
        if overlays.count == 1 && chance(40) { return overlays[0] }
        writeOverlay("top", resources: overlays.map { "../\($0)" }, components: [], app: Self.apps[0], top: true)
        return "top"
    }

    // MARK: - Resources

    mutating func deployment(_ app: String, kind: String = "Deployment") -> String {
        let image = pick(Self.images)
        var env = "        env:\n        - name: MODE\n          value: \"\(pick(["fast", "1", "yes", "on", "0.5"]))\"\n"
        if chance(60) {
            env +=
                "        - name: CONF\n          valueFrom:\n            configMapKeyRef:\n              name: \(app)-config\n              key: \(pick(["a", "b", "mode"]))\n"
        }
        if chance(40) {
            env +=
                "        - name: PASS\n          valueFrom:\n            secretKeyRef:\n              name: \(app)-secret\n              key: password\n"
        }
        if chance(20) { env += "        - value: orphan\n" }
        let replicas = chance(70) ? "  replicas: \(count(1...3))\n" : ""
        let serviceName = kind == "StatefulSet" ? "  serviceName: \(app)\n" : ""
        return """
            apiVersion: apps/v1
            kind: \(kind)
            metadata:
              name: \(app)
              labels:
                app: \(app)
            spec:
            \(replicas)\(serviceName)  selector:
                matchLabels:
                  app: \(app)
              template:
                metadata:
                  labels:
                    app: \(app)
                spec:
                  serviceAccountName: \(app)
                  containers:
                  - name: \(app)
                    image: \(image)
                    ports:
                    - containerPort: 8080
            \(chance(30) ? "          - containerPort: 8080\n            protocol: UDP\n" : "")\(env)        volumeMounts:
                    - name: config
                      mountPath: /etc/\(app)
                  volumes:
                  - name: config
                    configMap:
                      name: \(app)-config

            """
    }

    mutating func supporting(_ app: String) -> String {
        var text = """
            apiVersion: v1
            kind: Service
            metadata:
              name: \(app)
              labels:
                app: \(app)
              annotations:
                prometheus.io/port: \(pick(["8080", "\"8080\""]))
            spec:
              selector:
                app: \(app)
              ports:
              - port: 80
                targetPort: 8080
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: \(app)
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: \(app)-read
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: Role
              name: \(app)-reader
            subjects:
            - kind: ServiceAccount
              name: \(app)
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: \(app)-reader
            rules:
            - apiGroups: [""]
              resources: [configmaps]
              resourceNames: [\(app)-config]
              verbs: [get]

            """
        if chance(40) {
            text += """
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: \(app)
                spec:
                  rules:
                  - host: \(app).example.com
                    http:
                      paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: \(app)
                            port:
                              number: 80

                """
        }
        if chance(30) {
            text += """
                ---
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata:
                  name: \(app)
                spec:
                  scaleTargetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: \(app)
                  minReplicas: 1
                  maxReplicas: 4

                """
        }
        return text
    }

    // MARK: - Kustomization fields

    mutating func generators(_ app: String, behavior: String?) -> String {
        var text = ""
        if behavior == nil || chance(70) {
            text += "configMapGenerator:\n- name: \(app)-config\n"
            if let behavior { text += "  behavior: \(behavior)\n" }
            text += "  literals:\n"
            for key in ["a", "b", "mode"] where chance(60) {
                text += "  - \(key)=\(pick(["1", "x y", "true", "'quoted'", "multi=eq", "\(behavior ?? "base")"]))\n"
            }
            text += "  - origin=\(behavior ?? "base")\n"
            if chance(30) { text += "  files:\n  - app.properties\n" }
            if chance(25) { text += "  options:\n    disableNameSuffixHash: true\n" }
            if chance(25) { text += "  options:\n    labels:\n      generated: \"yes\"\n" }
        }
        if behavior == nil || chance(40) {
            text += "secretGenerator:\n- name: \(app)-secret\n"
            if let behavior { text += "  behavior: \(behavior)\n" }
            text += "  literals:\n  - password=\(pick(["s3cret", "p@ss word", "x"]))\n"
            if chance(30) { text += "  type: Opaque\n" }
        }
        return text
    }

    mutating func commonFields(app: String, top: Bool) -> String {
        var text = ""
        if chance(35) { text += "namePrefix: \(pick(["dev-", "p-", "team-a-"]))\n" }
        if chance(25) { text += "nameSuffix: \(pick(["-v2", "-x"]))\n" }
        if chance(40) { text += "namespace: \(pick(["apps", "prod", "team-a"]))\n" }
        switch count(0...3) {
        case 0: text += "commonLabels:\n  tier: \(pick(["backend", "front"]))\n"
        case 1:
            text += "labels:\n- pairs:\n    env: \(pick(["dev", "prod"]))\n"
            if chance(50) { text += "  includeSelectors: \(chance(50))\n" }
            if chance(40) { text += "  includeTemplates: true\n" }
        default: break
        }
        if chance(35) { text += "commonAnnotations:\n  owner: \(pick(["team-a", "ops"]))\n" }
        if chance(35) {
            text += "images:\n- name: \(pick(["nginx", "redis", "ghcr.io/acme/api", "busybox"]))\n"
            if chance(60) { text += "  newTag: \(pick(["\"1.26\"", "v2", "latest"]))\n" }
            if chance(40) { text += "  newName: \(pick(["registry.local/mirror", "quay.io/x/y"]))\n" }
            if chance(20) { text += "  digest: sha256:\(String(repeating: "b", count: 64))\n" }
        }
        if chance(25) { text += "replicas:\n- name: \(app)\n  count: \(count(2...5))\n" }
        if chance(15) && top { text += "sortOptions:\n  order: \(pick(["fifo", "legacy"]))\n" }
        return text
    }

    mutating func patches(_ app: String) -> String {
        var entries: [String] = []
        if chance(50) {
            entries.append(
                """
                - patch: |-
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: \(app)
                    spec:
                      template:
                        spec:
                          containers:
                          - name: \(app)
                            env:
                            - name: MODE
                              value: patched
                            \(chance(40) ? "- name: EXTRA\n              value: \"1\"" : "- name: CONF\n              $patch: delete")
                """)
        }
        if chance(40) {
            entries.append(
                """
                - target:
                    kind: \(pick(["Deployment", "Service", "ConfigMap"]))
                    \(chance(50) ? "labelSelector: app=\(app)" : "name: \(app).*")
                  patch: |-
                    - op: add
                      path: /metadata/annotations
                      value:
                        patched-by: json
                """)
        }
        if chance(30) {
            entries.append(
                """
                - target:
                    kind: Service
                  patch: |-
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: any
                    spec:
                      ports:
                      - port: 80
                        name: http
                """)
        }
        if chance(15) {
            entries.append(
                """
                - patch: |-
                    apiVersion: v1
                    kind: ServiceAccount
                    metadata:
                      name: \(app)
                      annotations:
                        iam: role-\(count(1...9))
                """)
        }
        return entries.isEmpty ? "" : "patches:\n" + entries.joined(separator: "\n") + "\n"
    }

    mutating func replacements(_ app: String) -> String {
        guard chance(30) else { return "" }
        return """
            replacements:
            - source:
                kind: ConfigMap
                name: \(app)-config
                fieldPath: metadata.name
              targets:
              - select:
                  kind: Deployment
                fieldPaths:
                - spec.template.metadata.annotations.config-name
                options:
                  create: true

            """
    }

    // MARK: - Levels

    mutating func writeBase(_ dir: String, app: String) {
        files["\(dir)/workload.yaml"] = deployment(app, kind: chance(20) ? "StatefulSet" : "Deployment")
        files["\(dir)/support.yaml"] = supporting(app)
        files["\(dir)/app.properties"] = "level=debug\nname=\(app)\n"
        var k = "resources:\n- workload.yaml\n- support.yaml\n"
        k += generators(app, behavior: nil)
        if chance(30) { k += "generatorOptions:\n  labels:\n    from: generator\n" + (chance(30) ? "  disableNameSuffixHash: true\n" : "") }
        k += commonFields(app: app, top: false)
        k += patches(app)
        files["\(dir)/kustomization.yaml"] = k
    }

    mutating func writeComponent(_ dir: String) -> String {
        var k = "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
        k += "resources:\n- extra.yaml\n"
        files["\(dir)/extra.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: feature-flags\ndata:\n  beta: \"true\"\n"
        if chance(50) { k += "configMapGenerator:\n- name: \(Self.apps[0])-config\n  behavior: merge\n  literals:\n  - component=on\n" }
        if chance(50) {
            k +=
                "patches:\n- target:\n    kind: Deployment\n  patch: |-\n    - op: add\n      path: /spec/template/metadata/labels/component\n      value: extra\n"
        }
        files["\(dir)/kustomization.yaml"] = k
        return dir
    }

    mutating func writeOverlay(
        _ dir: String, resources: [String], components: [String], app: String, forceRename: Bool = false, top: Bool = false
    ) {
        var k = "resources:\n" + resources.map { "- \($0)\n" }.joined()
        if !components.isEmpty { k += "components:\n" + components.map { "- \($0)\n" }.joined() }
        if forceRename { k += "namePrefix: twin-\n" }
        if !top && chance(50) {
            files["\(dir)/app.properties"] = "level=info\n"
            k += generators(app, behavior: pick(["merge", "replace"]))
        }
        var fields = commonFields(app: app, top: top)
        if forceRename { fields = fields.split(separator: "\n").filter { !$0.hasPrefix("namePrefix") }.joined(separator: "\n") + "\n" }
        if fields != "\n" { k += fields }
        if !top { k += patches(app) }
        k += replacements(app)
        files["\(dir)/kustomization.yaml"] = k
    }

    /// Writes the files below `root`.
    func write(to root: URL) throws {
        for (path, contents) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
    }
}

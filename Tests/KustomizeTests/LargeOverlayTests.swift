import Foundation
import Kustomize
import Testing

/// A generated overlay (three layers of patches and generators) rendered natively and by
/// kubectl: outputs must be equal, and both times and their ratio are printed. The default
/// size keeps CI quick; `bench/kustomize.sh` sets `SWIFTFLUX_KUSTOMIZE_BENCH_APPS=510`
/// (2,043 objects) for the benchmark.
@Suite struct LargeOverlayTests {
    static func writeLargeOverlay(apps: Int) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kustomize-large-\(UUID().uuidString.prefix(8))")
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        var manifests = ""
        for index in 0..<apps {
            manifests += """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app\(index)
                spec:
                  selector:
                    matchLabels: {app: app\(index)}
                  template:
                    metadata:
                      labels: {app: app\(index)}
                    spec:
                      serviceAccountName: runner
                      containers:
                      - name: main
                        image: registry.example.com/app:\(index)
                        envFrom:
                        - configMapRef: {name: shared}
                        volumeMounts:
                        - {name: cfg, mountPath: /etc/app}
                      volumes:
                      - name: cfg
                        configMap: {name: shared}
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: app\(index)
                spec:
                  selector: {app: app\(index)}
                  ports:
                  - port: 80
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: app\(index)-settings
                data:
                  index: "\(index)"
                  description: application number \(index) with a description long enough to be folded by the printer
                ---
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata:
                  name: app\(index)
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app\(index)}
                  maxReplicas: 3
                ---

                """
        }
        manifests += "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\n"
        try write("base/manifests.yaml", manifests)
        try write(
            "base/kustomization.yaml",
            "resources:\n- manifests.yaml\ncommonLabels:\n  tier: base\nconfigMapGenerator:\n- name: shared\n  literals:\n  - a=1\n")
        try write(
            "mid/kustomization.yaml",
            """
            resources:
            - ../base
            namePrefix: mid-
            patches:
            - target:
                kind: Deployment
              patch: |-
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: any
                spec:
                  template:
                    spec:
                      containers:
                      - name: main
                        env:
                        - name: LAYER
                          value: mid
            configMapGenerator:
            - name: shared
              behavior: merge
              literals:
              - b=2

            """)
        try write(
            "kustomization.yaml",
            """
            resources:
            - mid
            namespace: large
            commonAnnotations:
              owner: platform
            images:
            - name: registry.example.com/app
              newName: mirror.example.com/app
            patches:
            - target:
                kind: Service
              patch: |-
                - op: add
                  path: /spec/type
                  value: ClusterIP
            secretGenerator:
            - name: token
              literals:
              - t=secret

            """)
        return root.standardizedFileURL.path
    }

    static var apps: Int {
        ProcessInfo.processInfo.environment["SWIFTFLUX_KUSTOMIZE_BENCH_APPS"].flatMap(Int.init) ?? 60
    }

    @Test func largeOverlayMatchesKubectl() async throws {
        let apps = Self.apps
        let root = try Self.writeLargeOverlay(apps: apps)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let clock = ContinuousClock()
        let started = clock.now
        // kubectl needs about a minute for the benchmark's 2,043 objects on a quiet machine.
        let reference = try await DifferentialTests.kubectlKustomize(root, timeout: .seconds(900))
        let kubectlTime = clock.now - started
        try #require(reference.status == 0, "kubectl kustomize failed: \(reference.error)")
        var native = ""
        let nativeStart = clock.now
        native = try await Kustomizer().render(directory: root)
        let nativeTime = clock.now - nativeStart
        let objects = native.components(separatedBy: "\n---\n").count
        #expect(objects == apps * 4 + 3)
        #expect(native == reference.output)
        let ratio = kubectlTime / nativeTime
        print("large overlay: \(objects) objects, kubectl \(kubectlTime), native \(nativeTime), ratio \(ratio)")
    }
}

/// kustomize's default `varReference` field specs (api/internal/konfig/builtinpluginconsts/
/// varreference.go): where `$(VAR)` is expanded.
enum VarReferenceTable {
    static let specs: [FieldSpec] = {
        let containerFields = ["args", "command", "env/value", "volumeMounts/mountPath"]
        var specs: [FieldSpec] = []
        // NFS servers of pod volumes too, except for CronJobs and StatefulSets (as kubectl 1.37).
        func pod(_ kind: String, _ prefix: String, nfs: Bool = true) {
            for list in ["containers", "initContainers"] {
                for field in containerFields { specs.append(FieldSpec(kind: kind, path: "\(prefix)/\(list)/\(field)")) }
            }
            if nfs { specs.append(FieldSpec(kind: kind, path: "\(prefix)/volumes/nfs/server")) }
        }
        pod("CronJob", "spec/jobTemplate/spec/template/spec", nfs: false)
        pod("DaemonSet", "spec/template/spec")
        pod("Deployment", "spec/template/spec")
        // kubectl 1.37 (kustomize v5.8.1) also expands a Deployment's pod-template annotations
        // (not its labels, nor other workloads').
        specs.append(FieldSpec(kind: "Deployment", path: "spec/template/metadata/annotations"))
        specs += [
            FieldSpec(kind: "Ingress", path: "spec/rules/host"), FieldSpec(kind: "Ingress", path: "spec/tls/hosts"),
            FieldSpec(kind: "Ingress", path: "spec/tls/secretName"),
        ]
        pod("Job", "spec/template/spec")
        pod("Pod", "spec")
        pod("ReplicaSet", "spec/template/spec")
        specs += [FieldSpec(kind: "Service", path: "spec/ports/port"), FieldSpec(kind: "Service", path: "spec/ports/targetPort")]
        pod("StatefulSet", "spec/template/spec", nfs: false)
        specs.append(FieldSpec(kind: "StatefulSet", path: "spec/volumeClaimTemplates/spec/nfs/server"))
        specs.append(FieldSpec(kind: "PersistentVolume", path: "spec/nfs/server"))
        specs.append(FieldSpec(path: "metadata/labels"))
        specs.append(FieldSpec(path: "metadata/annotations"))
        return specs
    }()
}

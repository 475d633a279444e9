import KubernetesModel

extension InstallObjects {
    /// The user and group fluxd runs as with --add-security-context: `flux` of SwiftFlux's image.
    static let unprivilegedID: Int64 = InstallNames.runAsUser

    /// The emptyDirs fluxd writes to (the root filesystem is read-only): volume name, mount path.
    /// fluxd checks at start-up that TMPDIR and --state-dir are writable (WritableDirectories).
    static let writableMounts: [(volume: String, path: String)] = [
        ("tmp", InstallNames.temporaryDirectory),
        ("home", InstallNames.homeDirectory),
        ("state", InstallNames.stateDirectory),
    ]

    /// fluxd's Deployment: one replica (two fluxd would race on git and on the cluster),
    /// `Recreate` so an update never runs old and new together.
    static func deployment(_ parameters: ValidatedParameters) -> JSONValue {
        var podSpec: JSONValue = [
            "serviceAccountName": .string(InstallNames.flux),
            "nodeSelector": ["kubernetes.io/os": "linux"],
            "containers": [container(parameters)],
            "volumes": .array(
                [
                    [
                        "name": "git-key",
                        // Owner-read only; with fsGroup the kubelet adds group read for our group.
                        // fluxd reads the key through the API; the mount keeps Flux v1's layout.
                        "secret": ["secretName": .string(InstallNames.deployKeySecret), "defaultMode": 0o400],
                    ]
                ] + writableMounts.map { mount in ["name": .string(mount.volume), "emptyDir": [:]] }),
        ]
        if parameters.addSecurityContext {
            podSpec["securityContext"] = [
                "runAsNonRoot": true,
                "runAsUser": .integer(unprivilegedID),
                "runAsGroup": .integer(unprivilegedID),
                "fsGroup": .integer(unprivilegedID),
                "seccompProfile": ["type": "RuntimeDefault"],
            ]
        }
        return [
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": metadata(InstallNames.flux, parameters),
            "spec": [
                "replicas": 1,
                "selector": ["matchLabels": InstallNames.labels],
                "strategy": ["type": "Recreate"],
                "template": [
                    "metadata": [
                        "labels": InstallNames.labels,
                        "annotations": [
                            "prometheus.io/scrape": "true",
                            "prometheus.io/port": .string(String(InstallNames.metricsPort)),
                        ],
                    ],
                    "spec": podSpec,
                ],
            ],
        ]
    }

    static func container(_ parameters: ValidatedParameters) -> JSONValue {
        var container: JSONValue = [
            "name": .string(InstallNames.flux),
            "image": .string(parameters.image),
            "imagePullPolicy": "IfNotPresent",
            "args": .array(DaemonArguments.make(parameters).map(JSONValue.string)),
            "env": [
                ["name": "POD_NAMESPACE", "valueFrom": ["fieldRef": ["fieldPath": "metadata.namespace"]]],
                // Set here too, so an image whose own HOME/TMPDIR differ still writes only to the emptyDirs.
                ["name": "HOME", "value": .string(InstallNames.homeDirectory)],
                ["name": "TMPDIR", "value": .string(InstallNames.temporaryDirectory)],
            ],
            "ports": [
                ["name": "api", "containerPort": .integer(InstallNames.apiPort), "protocol": "TCP"],
                ["name": "metrics", "containerPort": .integer(InstallNames.metricsPort), "protocol": "TCP"],
            ],
            // /healthz answers as soon as fluxd serves; a first clone of a large repository
            // may take a while, hence the generous failure threshold before a restart.
            "livenessProbe": [
                "httpGet": ["path": "/healthz", "port": "metrics"],
                "initialDelaySeconds": 10, "periodSeconds": 10, "timeoutSeconds": 5, "failureThreshold": 6,
            ],
            // /readyz turns ready once the first sync pass has finished, successful or not.
            "readinessProbe": [
                "httpGet": ["path": "/readyz", "port": "metrics"],
                "initialDelaySeconds": 5, "periodSeconds": 10, "timeoutSeconds": 5,
            ],
            "resources": [
                "requests": ["cpu": "50m", "memory": "128Mi"],
                // Rendering kustomizations and holding the checkout are the big consumers.
                "limits": ["cpu": "1", "memory": "1Gi"],
            ],
            "volumeMounts": .array(
                [["name": "git-key", "mountPath": .string(InstallNames.deployKeyMountPath), "readOnly": true]]
                    + writableMounts.map { mount in ["name": .string(mount.volume), "mountPath": .string(mount.path)] }),
        ]
        if parameters.addSecurityContext {
            container["securityContext"] = [
                "runAsNonRoot": true,
                "runAsUser": .integer(unprivilegedID),
                "runAsGroup": .integer(unprivilegedID),
                "readOnlyRootFilesystem": true,
                "allowPrivilegeEscalation": false,
                "capabilities": ["drop": ["ALL"]],
                "seccompProfile": ["type": "RuntimeDefault"],
            ]
        }
        return container
    }
}

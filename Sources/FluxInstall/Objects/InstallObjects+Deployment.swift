import KubernetesModel

extension InstallObjects {
    /// The user and group fluxd runs as with --add-security-context: `nobody`, which every
    /// base image maps and which owns nothing on the node.
    static let unprivilegedID: Int64 = 65534

    /// fluxd's Deployment: one replica (two fluxd would race on git and on the cluster),
    /// `Recreate` so an update never runs old and new together.
    static func deployment(_ parameters: ValidatedParameters) -> JSONValue {
        var podSpec: JSONValue = [
            "serviceAccountName": .string(InstallNames.flux),
            "nodeSelector": ["kubernetes.io/os": "linux"],
            "containers": [container(parameters)],
            "volumes": [
                [
                    "name": "git-key",
                    // Owner-read only; with fsGroup the kubelet adds group read for our group.
                    // fluxd reads the key through the API; the mount keeps Flux v1's layout.
                    "secret": ["secretName": .string(InstallNames.deployKeySecret), "defaultMode": 0o400],
                ],
                // git working copies and temporary files: the root filesystem is read-only.
                ["name": "tmp", "emptyDir": [:]],
            ],
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
                // git and ssh look for files under $HOME; the image's home may not be writable.
                ["name": "HOME", "value": "/tmp"],
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
            "volumeMounts": [
                ["name": "git-key", "mountPath": .string(InstallNames.deployKeyMountPath), "readOnly": true],
                ["name": "tmp", "mountPath": "/tmp"],
            ],
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

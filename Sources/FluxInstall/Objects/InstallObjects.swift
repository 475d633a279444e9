import KubernetesModel

/// Builds each installed object from validated parameters. Pure: no I/O.
enum InstallObjects {
    static func metadata(_ name: String, _ parameters: ValidatedParameters) -> JSONValue {
        ["name": .string(name), "namespace": .string(parameters.namespace), "labels": InstallNames.labels]
    }

    static func namespace(_ parameters: ValidatedParameters) -> JSONValue {
        [
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": ["name": .string(parameters.namespace), "labels": InstallNames.labels],
        ]
    }

    /// The deploy-key Secret, created empty: fluxd generates the key at its first start and
    /// writes it under `identity` (and, with --git-readonly, the sync-state annotation).
    /// There is no `data` field at all, so re-applying these manifests (client-side or
    /// server-side) never claims or clears the key fluxd wrote.
    static func deployKeySecret(_ parameters: ValidatedParameters) -> JSONValue {
        [
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": metadata(InstallNames.deployKeySecret, parameters),
            "type": "Opaque",
        ]
    }

    static func service(_ parameters: ValidatedParameters) -> JSONValue {
        [
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": metadata(InstallNames.flux, parameters),
            "spec": [
                "type": "ClusterIP",
                "selector": InstallNames.labels,
                "ports": [
                    [
                        "name": "api", "port": .integer(InstallNames.apiPort), "protocol": "TCP",
                        "targetPort": "api",
                    ],
                    [
                        "name": "metrics", "port": .integer(InstallNames.metricsPort), "protocol": "TCP",
                        "targetPort": "metrics",
                    ],
                ],
            ],
        ]
    }
}

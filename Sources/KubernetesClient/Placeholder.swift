// KubernetesClient

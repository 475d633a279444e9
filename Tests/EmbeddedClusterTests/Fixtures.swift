/// Manifests for the kubectl scenarios: a CRD and a directory of mixed objects.
enum Fixtures {
    static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          names:
            kind: Widget
            plural: widgets
            singular: widget
            shortNames: [wd]
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
            additionalPrinterColumns:
            - name: Size
              type: integer
              jsonPath: .spec.size
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size: {type: integer}
                      color: {type: string}
                  status:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
        """

    /// (file name, contents, kubectl's resource/name as printed).
    static func directory() -> [(file: String, yaml: String, printed: String)] {
        var result: [(String, String, String)] = []
        result.append(("00-namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n", "namespace/shop"))
        for i in 0..<10 {
            let tier = i % 2 == 0 ? "web" : "db"
            result.append(
                (
                    "10-cm-\(i).yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-\(i)\n  namespace: shop\n  labels:\n    app: \(tier)\ndata:\n  key: value-\(i)\n",
                    "configmap/config-\(i)"
                ))
        }
        for i in 0..<5 {
            result.append(
                (
                    "11-secret-\(i).yaml",
                    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: secret-\(i)\n  namespace: shop\nstringData:\n  password: p\(i)\n",
                    "secret/secret-\(i)"
                ))
        }
        for i in 0..<5 {
            result.append(
                (
                    "12-svc-\(i).yaml",
                    "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-\(i)\n  namespace: shop\n  labels:\n    app: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n",
                    "service/svc-\(i)"
                ))
        }
        for i in 0..<5 {
            result.append(
                (
                    "13-deploy-\(i).yaml",
                    """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: web-\(i)
                      namespace: shop
                      labels:
                        app: web
                    spec:
                      replicas: 2
                      selector:
                        matchLabels:
                          app: web-\(i)
                      template:
                        metadata:
                          labels:
                            app: web-\(i)
                        spec:
                          containers:
                          - name: nginx
                            image: nginx:1.27
                            ports:
                            - containerPort: 80

                    """,
                    "deployment.apps/web-\(i)"
                ))
        }
        result.append(
            ("14-sa.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\n  namespace: shop\n", "serviceaccount/runner"))
        result.append(
            (
                "15-sts.yaml",
                "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n      - name: db\n        image: postgres:17\n",
                "statefulset.apps/db"
            ))
        result.append(
            (
                "16-ds.yaml",
                "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: agent\n  template:\n    metadata:\n      labels:\n        app: agent\n    spec:\n      containers:\n      - name: agent\n        image: busybox\n",
                "daemonset.apps/agent"
            ))
        result.append(
            (
                "17-job.yaml",
                "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  namespace: shop\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: migrate\n        image: busybox\n",
                "job.batch/migrate"
            ))
        result.append(
            (
                "18-cron.yaml",
                "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\n  namespace: shop\nspec:\n  schedule: \"0 3 * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: job\n            image: busybox\n",
                "cronjob.batch/nightly"
            ))
        result.append(
            (
                "19-role.yaml",
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n  namespace: shop\nrules:\n- apiGroups: [\"\"]\n  resources: [\"configmaps\"]\n  verbs: [\"get\", \"list\"]\n",
                "role.rbac.authorization.k8s.io/reader"
            ))
        result.append(
            (
                "20-rb.yaml",
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: reader\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: reader\nsubjects:\n- kind: ServiceAccount\n  name: runner\n  namespace: shop\n",
                "rolebinding.rbac.authorization.k8s.io/reader"
            ))
        result.append(
            (
                "21-cr.yaml",
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: shop-viewer\nrules:\n- apiGroups: [\"\"]\n  resources: [\"pods\"]\n  verbs: [\"get\"]\n",
                "clusterrole.rbac.authorization.k8s.io/shop-viewer"
            ))
        result.append(
            (
                "22-ing.yaml",
                "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  rules:\n  - host: shop.example.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: svc-0\n            port:\n              number: 80\n",
                "ingress.networking.k8s.io/web"
            ))
        result.append(
            (
                "23-np.yaml",
                "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n",
                "networkpolicy.networking.k8s.io/deny"
            ))
        result.append(
            (
                "24-pdb.yaml",
                "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: web-0\n",
                "poddisruptionbudget.policy/web"
            ))
        result.append(
            (
                "25-hpa.yaml",
                "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web-0\n  minReplicas: 1\n  maxReplicas: 3\n",
                "horizontalpodautoscaler.autoscaling/web"
            ))
        result.append(
            (
                "26-lease.yaml",
                "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: leader\n  namespace: shop\nspec:\n  holderIdentity: a\n",
                "lease.coordination.k8s.io/leader"
            ))
        for i in 0..<5 {
            result.append(
                (
                    "30-widget-\(i).yaml",
                    "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: widget-\(i)\n  namespace: shop\n  labels:\n    app: web\nspec:\n  size: \(i + 1)\n  color: blue\n",
                    "widget.example.com/widget-\(i)"
                ))
        }
        return result
    }
}

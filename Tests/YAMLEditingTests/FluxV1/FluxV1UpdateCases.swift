/// Flux v1's manifest update table (`pkg/cluster/kubernetes/update_test.go`), ported. Each
/// case's expected output is its input with the lines Flux v1 changed replaced, which is
/// exactly Flux v1's `caseNout` except where noted (cases 3 and 6: Flux v1 re-indented or
/// re-spaced lines it did not need to touch; SwiftFlux keeps every byte but the value).
struct FluxV1UpdateCase: Sendable {
    var name: String
    var workload: String
    var containers: [String]
    var image: String
    var input: String
    /// (line in the input, line in Flux v1's output) pairs.
    var changes: [(String, String)]
    /// Lines Flux v1 changed although the edit did not need to (bytes it did not preserve).
    var fluxV1Reformatted: [(String, String)] = []

    var expected: String {
        var text = input
        for (old, new) in changes { text = text.replacingOccurrences(of: old, with: new) }
        return text
    }

    var fluxV1Output: String {
        var text = expected
        for (old, new) in fluxV1Reformatted { text = text.replacingOccurrences(of: old, with: new) }
        return text
    }
}

extension FluxV1UpdateCase {
    static let all: [FluxV1UpdateCase] = [
        FluxV1UpdateCase(
            name: "common case", workload: "extra:deployment/pr-assigner", containers: ["pr-assigner"],
            image: "quay.io/weaveworks/pr-assigner:master-1234567", input: case1,
            changes: [("image: quay.io/weaveworks/pr-assigner:master-6f5e816", "image: quay.io/weaveworks/pr-assigner:master-1234567")]),
        FluxV1UpdateCase(
            name: "new version like number", workload: "default:deployment/fluxy", containers: ["fluxy"],
            image: "weaveworks/fluxy:1234567", input: case2,
            changes: [("image: weaveworks/fluxy:master-a000001", "image: weaveworks/fluxy:1234567")]),
        FluxV1UpdateCase(
            name: "old version like number", workload: "default:deployment/fluxy", containers: ["fluxy"],
            image: "weaveworks/fluxy:master-a000001", input: case2.replacingOccurrences(of: "fluxy:master-a000001", with: "fluxy:1234567"),
            changes: [("image: weaveworks/fluxy:1234567", "image: weaveworks/fluxy:master-a000001")]),
        FluxV1UpdateCase(
            name: "name label out of order", workload: "monitoring:deployment/grafana", containers: ["grafana"],
            image: "quay.io/weaveworks/grafana:master-37aaf67", input: case3,
            changes: [("image: quay.io/weaveworks/grafana:master-ac5658a", "image: quay.io/weaveworks/grafana:master-37aaf67")],
            fluxV1Reformatted: [
                ("\n namespace: monitoring\n name: grafana", "\n  namespace: monitoring\n  name: grafana")
            ]),
        FluxV1UpdateCase(
            name: "version (tag) with dots", workload: "sock-shop:deployment/front-end", containers: ["front-end"],
            image: "weaveworksdemos/front-end:7f511af2d21fd601b86b3bed7baa6adfa9c8c669", input: case4,
            changes: [
                ("image: weaveworksdemos/front-end:v_0.2.0", "image: weaveworksdemos/front-end:7f511af2d21fd601b86b3bed7baa6adfa9c8c669")
            ]),
        FluxV1UpdateCase(
            name: "minimal dockerhub image name", workload: "default:deployment/nginx", containers: ["nginx"],
            image: "nginx:1.10-alpine", input: case5, changes: [("image: nginx\n", "image: nginx:1.10-alpine\n")]),
        FluxV1UpdateCase(
            name: "reordered keys", workload: "default:deployment/nginx", containers: ["nginx", "nginx2"],
            image: "nginx:1.10-alpine", input: case6,
            changes: [
                ("        image: nginx\n", "        image: nginx:1.10-alpine\n"),
                ("- image: nginx:some-other-tag # testing", "- image: nginx:1.10-alpine # testing"),
            ],
            fluxV1Reformatted: [("- image: nginx:1.10-alpine # testing", "- image: nginx:1.10-alpine    # testing")]),
        FluxV1UpdateCase(
            name: "from prod", workload: "default:deployment/authfe", containers: ["logging"],
            image: "quay.io/weaveworks/logging:master-123456", input: case7,
            changes: [("image: quay.io/weaveworks/logging:master-ccfa2af", "image: quay.io/weaveworks/logging:master-123456")]),
        FluxV1UpdateCase(
            name: "single quotes", workload: "default:deployment/weave", containers: ["weave"],
            image: "weaveworks/weave-kube:2.2.1", input: case8,
            changes: [("image: 'weaveworks/weave-kube:2.2.0'", "image: 'weaveworks/weave-kube:2.2.1'")]),
        FluxV1UpdateCase(
            name: "in multidoc", workload: "hello:deployment/helloworld", containers: ["helloworld"],
            image: "quay.io/weaveworks/helloworld:master-a000001", input: case9,
            changes: [("image: quay.io/weaveworks/helloworld:master-07a1b6b", "image: quay.io/weaveworks/helloworld:master-a000001")]),
        FluxV1UpdateCase(
            name: "in kubernetes List resource", workload: "hello:deployment/helloworld", containers: ["helloworld"],
            image: "quay.io/weaveworks/helloworld:master-a000001", input: case10,
            changes: [("image: quay.io/weaveworks/helloworld:master-07a1b6b", "image: quay.io/weaveworks/helloworld:master-a000001")]),
        FluxV1UpdateCase(
            name: "FluxHelmRelease (v1alpha2; simple image encoding)", workload: "maria:fluxhelmrelease/mariadb",
            containers: ["chart-image"], image: "bitnami/mariadb:10.1.33", input: case11,
            changes: [("image: bitnami/mariadb:10.1.30-r1", "image: bitnami/mariadb:10.1.33")]),
        FluxV1UpdateCase(
            name: "FluxHelmRelease (v1alpha2; multi image encoding)", workload: "maria:fluxhelmrelease/mariadb",
            containers: ["mariadb"], image: "bitnami/mariadb:10.1.33", input: case12,
            changes: [("image: bitnami/mariadb:10.1.30-r1", "image: bitnami/mariadb:10.1.33")]),
        FluxV1UpdateCase(
            name: "HelmRelease (v1beta1; image with port number)", workload: "maria:helmrelease/mariadb",
            containers: ["mariadb"], image: "localhost:5000/mariadb:10.1.33", input: case13,
            changes: [("tag: 10.1.30-r1", "tag: 10.1.33")]),
        FluxV1UpdateCase(
            name: "HelmRelease (v1; with image map)", workload: "maria:helmrelease/mariadb", containers: ["custom"],
            image: "localhost:5000/mariadb:10.1.33", input: case14,
            changes: [("customTag: 10.1.30-r1", "customTag: 10.1.33")]),
        FluxV1UpdateCase(
            name: "initContainer", workload: "default:deployment/weave", containers: ["weave"],
            image: "weaveworks/weave-kube:2.2.1", input: case15,
            changes: [("image: 'weaveworks/weave-kube:2.2.0'", "image: 'weaveworks/weave-kube:2.2.1'")]),
    ]

    static let case1 = """
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: pr-assigner
          namespace: extra
        spec:
          replicas: 1
          template:
            metadata:
              labels:
                name: pr-assigner
            spec:
              imagePullSecrets:
              - name: quay-secret
              containers:
              - name: pr-assigner
                image: quay.io/weaveworks/pr-assigner:master-6f5e816
                imagePullPolicy: IfNotPresent
                args:
                - --conf_path=/config/pr-assigner.json
                env:
                - name: GITHUB_TOKEN
                  valueFrom:
                    secretKeyRef:
                      name: pr-assigner
                      key: githubtoken
                volumeMounts:
                - name: config-volume
                  mountPath: /config
              volumes:
              - name: config-volume
                configMap:
                  name: pr-assigner
                  items:
                  - key: conffile
                    path: pr-assigner.json

        """

    static let case2 = """
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: fluxy
        spec:
          replicas: 1
          template:
            metadata:
              labels:
                name: fluxy
            spec:
              volumes:
              - name: key
                secret:
                  secretName: fluxy-repo-key
              containers:
              - name: fluxy
                image: weaveworks/fluxy:master-a000001
                imagePullPolicy: Never # must build manually
                ports:
                - containerPort: 3030
                volumeMounts:
                - name: key
                  mountPath: /var/run/secrets/fluxy/key
                  readOnly: true
                args:
                - /home/flux/fluxd
                - --kubernetes-kubectl=/home/flux/kubectl
                - --kubernetes-host=https://kubernetes
                - --kubernetes-certificate-authority=/var/run/secrets/kubernetes.io/serviceaccount/ca.crt
                - --kubernetes-bearer-token-file=/var/run/secrets/kubernetes.io/serviceaccount/token
                - --database-driver=ql
                - --database-source=file://history.db
                - --repo-url=git@github.com:squaremo/fluxy-testdata
                - --repo-key=/var/run/secrets/fluxy/key/id-rsa
                - --repo-path=testdata

        """

    static let case3 = """
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
         namespace: monitoring
         name: grafana # comment, and only one space indent
        spec:
          replicas: 1
          template:
            metadata:
              labels:
                name: grafana
            spec:
              imagePullSecrets:
              - name: quay-secret
              containers:
              - name: grafana
                image: quay.io/weaveworks/grafana:master-ac5658a
                imagePullPolicy: IfNotPresent
                ports:
                - containerPort: 80
              - name: gfdatasource
                image: quay.io/weaveworks/gfdatasource:master-e50ecf2
                imagePullPolicy: IfNotPresent
                args:
                - http://prometheus.monitoring.svc.cluster.local/admin/prometheus

        """

    static let case4 = """
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: front-end
          namespace: sock-shop
        spec:
          replicas: 1
          template:
            metadata:
              labels:
                name: front-end
            spec:
              containers:
              - name: front-end
                image: weaveworksdemos/front-end:v_0.2.0
                resources:
                  requests:
                    cpu: 100m
                    memory: 100Mi
                ports:
                - containerPort: 8079
                securityContext:
                  runAsNonRoot: true
                  runAsUser: 10001
                  capabilities:
                    drop:
                    - all
                  readOnlyRootFilesystem: true

        """

    static let case5 = """
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: nginx
        spec:
          replicas: 1
          template:
            metadata:
              labels:
                name: nginx
            spec:
              containers:
              - name: nginx
                image: nginx
                ports:
                - containerPort: 80

        """

    static let case6 = """
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: nginx
        spec:
          replicas: 1
          template:
            metadata:
              labels:
                name: nginx
            spec:
              containers:
              - ports:
                - containerPort: 80
                image: nginx
                name: nginx
              - image: nginx:some-other-tag # testing comments, and this image is on the first line.
                name: nginx2

        """

    static let case7 = """
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: authfe
        spec:

          # A couple of comment lines after a blank line
          # since that's essentially what we have elsewhere
          minReadySeconds: 30
          strategy:
            rollingUpdate:
              maxUnavailable: 0
              maxSurge: 1

          replicas: 5
          template:
            metadata:
              labels:
                name: authfe
              annotations:
                prometheus.io/port: "8080"
            spec:
              # blank comment spacers in the following
              containers:
              - name: authfe
                image: quay.io/weaveworks/authfe:master-71a4ede
                args:
                - -log.level=info
                #
                # Can have a comment here
                - -log.blargle=false
                #
                ports:
                - containerPort: 80
                  name: http
                - containerPort: 8080
                  name: private
              #
              - name: logging
                image: quay.io/weaveworks/logging:master-ccfa2af
                env:
                - name: FLUENTD_CONF
                  value: fluent.conf

        """

    static let case8 = """
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: weave
        spec:
          replicas: 1
          template:
            metadata:
              labels:
                name: weave
            spec:
              containers:
              - name: weave
                image: 'weaveworks/weave-kube:2.2.0'

        """

    static let case9 = """
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: hello
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          annotations:
            some.other.com/foo: bar
          name: helloworld
          namespace: hello
        spec:
          minReadySeconds: 1
          replicas: 5
          template:
            metadata:
              labels:
                name: helloworld
            spec:
              containers:
              - name: helloworld
                image: quay.io/weaveworks/helloworld:master-07a1b6b
                args:
                - -msg=Bilbo Baggins
                ports:
                - containerPort: 80
              - name: sidecar
                image: quay.io/weaveworks/sidecar:master-a000002
                args:
                - -addr=:8080
                ports:
                - containerPort: 8080
              restartPolicy: Always
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: helloworld
          namespace: hello
        spec:
          ports:
          - port: 80
          selector:
            name: helloworld

        """

    static let case10 = """
        ---
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Namespace
          metadata:
            name: hello
        - apiVersion: extensions/v1beta1
          kind: Deployment
          metadata:
            annotations:
              some.other.com/foo: bar
            name: helloworld
            namespace: hello
          spec:
            minReadySeconds: 1
            replicas: 5
            template:
              metadata:
                labels:
                  name: helloworld
              spec:
                containers:
                - name: helloworld
                  image: quay.io/weaveworks/helloworld:master-07a1b6b
                  args:
                  - -msg=Bilbo Baggins
                  ports:
                  - containerPort: 80
                - name: sidecar
                  image: quay.io/weaveworks/sidecar:master-a000002
                  args:
                  - -addr=:8080
                  ports:
                  - containerPort: 8080
                restartPolicy: Always
        - apiVersion: v1
          kind: Service
          metadata:
            name: helloworld
            namespace: hello
          spec:
            ports:
            - port: 80
            selector:
              name: helloworld

        """

    static let case11 = """
        ---
        apiVersion: helm.integrations.flux.weave.works/v1alpha2
        kind: FluxHelmRelease
        metadata:
          name: mariadb
          namespace: maria
          labels:
            chart: mariadb
        spec:
          chartGitPath: mariadb
          values:
            image: bitnami/mariadb:10.1.30-r1
            persistence:
              enabled: false

        """

    static let case12 = """
        ---
        apiVersion: helm.integrations.flux.weave.works/v1alpha2
        kind: FluxHelmRelease
        metadata:
          name: mariadb
          namespace: maria
          labels:
            chart: mariadb
        spec:
          chartGitPath: mariadb
          values:
            mariadb:
              image: bitnami/mariadb:10.1.30-r1
              persistence:
                enabled: false
            workProperly: true
            sidecar:
              image: sidecar:v1

        """

    static let case13 = """
        ---
        apiVersion: flux.weave.works/v1beta1
        kind: HelmRelease
        metadata:
          name: mariadb
          namespace: maria
        spec:
          chart:
            repository: https://example.com/charts
            name: mariadb
            version: 1.1.2
          values:
            mariadb:
              image: localhost:5000/mariadb
              tag: 10.1.30-r1
              persistence:
                enabled: false
            workProperly: true
            sidecar:
              image: sidecar:v1

        """

    static let case14 = """
        ---
        apiVersion: helm.fluxcd.io/v1
        kind: HelmRelease
        metadata:
          name: mariadb
          namespace: maria
          annotations:
            repository.fluxcd.io/custom: mariadb.customImage
            tag.fluxcd.io/custom: mariadb.customTag
        spec:
          chart:
            repository: https://example.com/charts
            name: mariadb
            version: 1.1.2
          values:
            mariadb:
              customImage: localhost:5000/mariadb
              customTag: 10.1.30-r1
              persistence:
                enabled: false
            workProperly: true
            sidecar:
              image: sidecar:v1

        """

    static let case15 = """
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: weave
        spec:
          replicas: 1
          template:
            metadata:
              labels:
                name: weave
            spec:
              initContainers:
              - name: weave
                image: 'weaveworks/weave-kube:2.2.0'

        """
}

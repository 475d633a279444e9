import Foundation

/// Flux v1's shared test repository (`pkg/cluster/kubernetes/testfiles/data.go`, `Files`): the
/// manifests its release, load and sync tables run against, including a file that is not YAML
/// and a Helm chart directory that loading must skip. Tests porting those tables write it with
/// `write(to:)`.
public enum FluxV1TestFiles {
    /// File contents by path relative to the repository root.
    public static let files: [String: String] = [
        "garbage": #"""
        This should just be ignored, since it is not YAML

        """#,
        "helloworld-deploy.yaml": #"""
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: helloworld
        spec:
          minReadySeconds: 1
          replicas: 5
          template:
            metadata:
              labels:
                name: helloworld
            spec:
              containers:
              - name: greeter
                image: quay.io/weaveworks/helloworld:master-a000001
                args:
                - -msg=Ahoy
                ports:
                - containerPort: 80
              - name: sidecar
                image: weaveworks/sidecar:master-a000001
                args:
                - -addr=:8080
                ports:
                - containerPort: 8080

        """#,
        "semver-deploy.yaml": #"""
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: semver
          annotations:
            flux.weave.works/automated: "true"
            flux.weave.works/tag.greeter: semver:*
        spec:
          minReadySeconds: 1
          replicas: 5
          template:
            metadata:
              labels:
                name: semver
            spec:
              containers:
              - name: greeter
                image: quay.io/weaveworks/helloworld:master-a000001
                args:
                - -msg=Ahoy
                ports:
                - containerPort: 80

        """#,
        "locked-service-deploy.yaml": #"""
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          annotations:
            flux.weave.works/locked: "true"
          name: locked-service
        spec:
          minReadySeconds: 1
          replicas: 5
          template:
            metadata:
              labels:
                name: locked-service
            spec:
              containers:
              - name: locked-service
                image: quay.io/weaveworks/locked-service:1
                args:
                - -msg=Ahoy
                ports:
                - containerPort: 80

        """#,
        "test/test-service-deploy.yaml": #"""
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: test-service
        spec:
          minReadySeconds: 1
          replicas: 5
          template:
            metadata:
              labels:
                name: test-service
            spec:
              containers:
              - name: test-service
                image: quay.io/weaveworks/test-service:1
                args:
                - -msg=Ahoy
                ports:
                - containerPort: 80

        """#,
        "multi.yaml": #"""
        ---
        apiVersion: apps/v1beta1
        kind: Deployment
        metadata:
          annotations:
            flux.weave.works/automated: "true"
          name: multi-deploy
        spec:
          replicas: 1
          template:
            metadata:
              labels:
                app : multi-app
            spec:
              containers:
                - name: hello
                  image: quay.io/weaveworks/helloworld:master-a000001
                  imagePullPolicy: Always
                  ports:
                  - containerPort: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: multi-service
        spec:
          type: NodePort
          ports:
          - port: 80
            protocol: TCP
          selector:
            app: multi-app

        """#,
        "list.yaml": #"""
        ---
        apiVersion: v1
        kind: List
        items:
        - apiVersion: apps/v1beta1
          kind: Deployment
          metadata:
            name: list-deploy
          spec:
            replicas: 1
            template:
              metadata:
                labels:
                  app : list-app
              spec:
                containers:
                  - name: hello
                    image: quay.io/weaveworks/helloworld:master-a000001
                    imagePullPolicy: Always
                    ports:
                    - containerPort: 80
        - apiVersion: v1
          kind: Service
          metadata:
            labels:
              app: list-app
            name: list-service
          spec:
            type: NodePort
            ports:
            - port: 80
              protocol: TCP
            selector:
              app: list-app

        """#,
        "init.yaml": #"""
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: init
        spec:
          template:
            spec:
              initContainers:
              - name: greeter
                image: quay.io/weaveworks/helloworld:master-a000001
              containers:
              - name: unimportant
                image: alpine:1.0

        """#,
        "charts/nginx/Chart.yaml": #"""
        ---
        name: nginx
        description: A basic NGINX HTTP server
        version: 0.1.0
        kubeVersion: ">=1.2.0"
        keywords:
          - http
          - nginx
          - www
          - web
        home: https://github.com/kubernetes/helm
        sources:
          - https://hub.docker.com/_/nginx/
        maintainers:
          - name: technosophos
            email: mbutcher@deis.com

        """#,
        "charts/nginx/values.yaml": #"""
        ---
        # Declare name/value pairs to be passed into your templates.
        replicaCount: 1
        restartPolicy: Never
        index: >-
          <h1>Hello</h1>
          <p>This is a test</p>
        image:
          repository: nginx
          tag: 1.11.0
          pullPolicy: IfNotPresent

        """#,
        "charts/nginx/templates/deployment.yaml": #"""
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: {{ template "nginx.fullname" . }}
          labels:
            app: {{ template "nginx.name" . }}
        spec:
          replicas: {{ .Values.replicaCount }}
          template:
            metadata:
        {{- if .Values.podAnnotations }}
              # Allows custom annotations to be specified
              annotations:
        {{ toYaml .Values.podAnnotations | indent 8 }}
        {{- end }}
              labels:
                app: {{ template "nginx.name" . }}
                release: {{ .Release.Name }}
            spec:
              containers:
                - name: {{ template "nginx.name" . }}
                  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                  imagePullPolicy: {{ .Values.image.pullPolicy }}
                  ports:
                    - name: http
                      containerPort: 80
                      protocol: TCP

        """#,
    ]

    /// The workload IDs Flux v1's tables expect to find (its `WorkloadMap`), by file.
    public static let workloads: [String: String] = [
        "default:deployment/helloworld": "helloworld-deploy.yaml",
        "default:deployment/locked-service": "locked-service-deploy.yaml",
        "default:deployment/test-service": "test/test-service-deploy.yaml",
        "default:deployment/multi-deploy": "multi.yaml",
        "default:deployment/list-deploy": "list.yaml",
        "default:deployment/semver": "semver-deploy.yaml",
        "default:daemonset/init": "init.yaml",
    ]

    /// Writes every file under `directory`.
    public static func write(to directory: String) throws {
        for (name, content) in files {
            let path = directory + "/" + name
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try content.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}

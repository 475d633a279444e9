# Fixture cases: (name, edit, input, expected). Written by gen.py into Fixtures/<name>/.
DIGEST = "sha256:" + "ab" * 32

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.0
"""

cases = []

def case(name, edit, before, after):
    cases.append((name, edit, before, after))

img = lambda image, container="web", workload="default:deployment/web": {
    "workload": workload, "setImage": image, "container": container}
ann = lambda changes, workload="default:deployment/web": {"workload": workload, "annotations": changes}

case("image-plain", img("nginx:1.1"), DEPLOY, DEPLOY.replace("nginx:1.0", "nginx:1.1"))

case("image-double-quoted", img("nginx:1.1"),
     DEPLOY.replace("image: nginx:1.0", 'image: "nginx:1.0"'),
     DEPLOY.replace("image: nginx:1.0", 'image: "nginx:1.1"'))

case("image-single-quoted", img("nginx:1.1"),
     DEPLOY.replace("image: nginx:1.0", "image: 'nginx:1.0'"),
     DEPLOY.replace("image: nginx:1.0", "image: 'nginx:1.1'"))

FLOW = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  template:
    spec:
      containers:
      - {name: sidecar, image: "busybox:1.36"}
      - {name: web, image: nginx:1.0, ports: [{containerPort: 80}]}
"""
case("image-flow-mapping", img("nginx:1.1"), FLOW, FLOW.replace("nginx:1.0", "nginx:1.1"))
case("image-flow-mapping-quoted", img("busybox:1.37", container="sidecar"), FLOW,
     FLOW.replace('"busybox:1.36"', '"busybox:1.37"'))

FLOWSEQ = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers: [{name: web, image: nginx:1.0}, {name: log, image: fluentd:2}]
"""
case("image-flow-sequence", img("fluentd:3", container="log"), FLOWSEQ, FLOWSEQ.replace("fluentd:2", "fluentd:3"))

case("image-registry-port", img("localhost:5000/team/app:1.1"),
     DEPLOY.replace("nginx:1.0", "localhost:5000/team/app:1.0"),
     DEPLOY.replace("nginx:1.0", "localhost:5000/team/app:1.1"))

case("image-digest-to-tag", img("nginx:1.2"),
     DEPLOY.replace("nginx:1.0", "nginx@" + DIGEST), DEPLOY.replace("nginx:1.0", "nginx:1.2"))

case("image-tag-to-digest", img("ghcr.io/org/web:1.0@" + DIGEST),
     DEPLOY.replace("nginx:1.0", "'ghcr.io/org/web:1.0'"),
     DEPLOY.replace("nginx:1.0", "'ghcr.io/org/web:1.0@" + DIGEST + "'"))

MULTI = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: app/migrate:1.0 # run before start
      containers:
        - name: web
          image: nginx:1.0
        - name: metrics
          # exporter, pinned
          image: "prom/exporter:0.9"   # keep quoted
          args: ["--web.listen-address=:9100"]
"""
case("image-second-container", img("prom/exporter:0.10", container="metrics"), MULTI,
     MULTI.replace('"prom/exporter:0.9"', '"prom/exporter:0.10"'))
case("image-init-container", img("app/migrate:1.1", container="migrate"), MULTI,
     MULTI.replace("app/migrate:1.0 #", "app/migrate:1.1 #"))

CRON = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: jobs
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: reporter:2024.1
"""
case("image-cronjob", img("reporter:2024.2", container="report", workload="jobs:cronjob/report"), CRON,
     CRON.replace("reporter:2024.1", "reporter:2024.2"))

JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      containers:
      - name: once
        image: busybox
"""
case("image-job-no-tag", img("busybox:1.36", container="once", workload="default:job/once"), JOB,
     JOB.replace("image: busybox", "image: busybox:1.36"))

MULTIDOC = """# Services and workloads of the shop
---
apiVersion: v1
kind: Service
metadata:
  name: web   # same name, other kind
spec:
  ports:
  - port: 80
---
# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2

  template:
    spec:
      containers:
      - name: web
        image: nginx:1.0
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
      - name: api
        image: nginx:1.0
...
"""
case("image-multi-document", img("nginx:1.1"), MULTIDOC,
     MULTIDOC.replace("  - name: web\n        image: nginx:1.0", "  - name: web\n        image: nginx:1.1"))
case("image-multi-document-last", img("nginx:2.0", container="api", workload="default:deployment/api"), MULTIDOC,
     MULTIDOC.replace("  - name: api\n        image: nginx:1.0", "  - name: api\n        image: nginx:2.0"))

LIST = """apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: DaemonSet
  metadata:
    name: agent
    namespace: monitoring
  spec:
    template:
      spec:
        containers:
        - name: agent
          image: datadog/agent:7.50.0
- apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: db
    namespace: data
  spec:
    template:
      spec:
        containers:
        - name: db
          image: postgres:15
"""
case("image-kind-list", img("postgres:16", container="db", workload="data:statefulset/db"), LIST,
     LIST.replace("postgres:15", "postgres:16"))

FOUR = """apiVersion: apps/v1
kind: Deployment
metadata:
    name: web
    labels:
        app: web
spec:
    template:
        spec:
            containers:
            -   name: web
                image: nginx:1.0
            -   name: proxy
                image: envoyproxy/envoy:v1.28.0
"""
case("image-four-space", img("envoyproxy/envoy:v1.29.1", container="proxy"), FOUR,
     FOUR.replace("v1.28.0", "v1.29.1"))

case("image-crlf", img("nginx:1.1"), DEPLOY.replace("\n", "\r\n"),
     DEPLOY.replace("nginx:1.0", "nginx:1.1").replace("\n", "\r\n"))

case("image-no-final-newline", img("nginx:1.1"), DEPLOY.rstrip("\n"),
     DEPLOY.replace("nginx:1.0", "nginx:1.1").rstrip("\n"))

TRAIL = DEPLOY.replace("kind: Deployment\n", "kind: Deployment   \n").replace("image: nginx:1.0\n", "image: nginx:1.0  \n\n\n")
case("image-trailing-whitespace", img("nginx:1.1"), TRAIL, TRAIL.replace("nginx:1.0", "nginx:1.1"))

NS = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: staging
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.0
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: production
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.0
"""
case("image-namespace-selects", img("nginx:1.1", workload="production:deployment/web"), NS,
     NS[:NS.rindex("nginx:1.0")] + "nginx:1.1\n")

JSONDOC = """{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "default"},
  "spec": {"template": {"spec": {"containers": [
    {"name": "web", "image": "nginx:1.0"}
  ]}}}
}
"""
case("image-json", img("nginx:1.1"), JSONDOC, JSONDOC.replace("nginx:1.0", "nginx:1.1"))

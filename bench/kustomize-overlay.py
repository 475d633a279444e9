#!/usr/bin/env python3
"""Writes the large overlay of LargeOverlayTests (apps x 4 objects + 3, three layers of
patches and generators) and a small kustomization into DIR, for bench/kustomize.sh."""
import os
import sys

root, apps = sys.argv[1], int(sys.argv[2])


def write(path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


docs = []
for i in range(apps):
    docs.append(f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: app{i}
spec:
  selector:
    matchLabels: {{app: app{i}}}
  template:
    metadata:
      labels: {{app: app{i}}}
    spec:
      serviceAccountName: runner
      containers:
      - name: main
        image: registry.example.com/app:{i}
        envFrom:
        - configMapRef: {{name: shared}}
        volumeMounts:
        - {{name: cfg, mountPath: /etc/app}}
      volumes:
      - name: cfg
        configMap: {{name: shared}}
---
apiVersion: v1
kind: Service
metadata:
  name: app{i}
spec:
  selector: {{app: app{i}}}
  ports:
  - port: 80
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app{i}-settings
data:
  index: "{i}"
  description: application number {i} with a description long enough to be folded by the printer
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: app{i}
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: app{i}}}
  maxReplicas: 3
---
""")
docs.append("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\n")
write("large/base/manifests.yaml", "".join(docs))
write("large/base/kustomization.yaml",
      "resources:\n- manifests.yaml\ncommonLabels:\n  tier: base\nconfigMapGenerator:\n- name: shared\n  literals:\n  - a=1\n")
write("large/mid/kustomization.yaml", """resources:
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
write("large/kustomization.yaml", """resources:
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
write("small/kustomization.yaml", "resources:\n- deploy.yaml\nnamePrefix: dev-\ncommonLabels:\n  app: web\n")
write("small/deploy.yaml", """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.27
""")

# files: 500 objects, one file each, listed one by one (a repository of plain manifests
# under a kustomization), with a prefix, labels and a patch.
files = 500
names = []
for i in range(files):
    name = f"res{i:03}.yaml"
    names.append(name)
    if i % 2:
        text = f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg{i}\ndata:\n  key: value-{i}\n"
    else:
        text = f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc{i}
spec:
  selector:
    matchLabels: {{app: svc{i}}}
  template:
    metadata:
      labels: {{app: svc{i}}}
    spec:
      containers:
      - name: main
        image: registry.example.com/svc:{i}
        envFrom:
        - configMapRef: {{name: cfg{i + 1}}}
"""
    write(f"files/{name}", text)
write("files/kustomization.yaml", "resources:\n" + "".join(f"- {n}\n" for n in names)
      + "namePrefix: team-\nlabels:\n- pairs:\n    team: a\n  includeSelectors: true\n"
      + "patches:\n- target:\n    kind: Deployment\n  patch: |-\n    - op: add\n      path: /spec/replicas\n      value: 2\n")

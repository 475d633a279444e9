#!/bin/sh

cat <<EOF2
apiVersion: v1
kind: ConfigMap
metadata:
  name: cmap
  annotations:
    kustomize.config.k8s.io/needs-hash: "true"
    kustomize.config.k8s.io/behavior: "merge"
data:
  c: d
EOF2

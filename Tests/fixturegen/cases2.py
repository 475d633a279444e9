from cases1 import case, ann, img, DEPLOY, LIST, CRON, MULTIDOC, JSONDOC

ANNOTATED = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  annotations:
    # managed by flux
    fluxcd.io/automated: "false"
    description: the web tier
  labels:
    app: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.0
"""
case("annotation-update-in-place", ann({"fluxcd.io/automated": "true"}), ANNOTATED,
     ANNOTATED.replace('automated: "false"', 'automated: "true"'))

case("annotation-add-to-existing", ann({"fluxcd.io/tag.web": "semver:~1.2"}), ANNOTATED,
     ANNOTATED.replace("    description: the web tier\n",
                       "    description: the web tier\n    fluxcd.io/tag.web: semver:~1.2\n"))

case("annotation-remove-one", ann({"fluxcd.io/automated": None}), ANNOTATED,
     ANNOTATED.replace('    fluxcd.io/automated: "false"\n', ""))

LABELS_ONLY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
    tier: frontend  # the public one

spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.0
"""
case("annotation-create-after-labels", ann({"fluxcd.io/automated": "true"}), LABELS_ONLY,
     LABELS_ONLY.replace("  # the public one\n",
                         "  # the public one\n  annotations:\n    fluxcd.io/automated: \"true\"\n"))

case("annotation-remove-last", ann({"fluxcd.io/automated": None}),
     LABELS_ONLY.replace("  labels:\n", "  annotations:\n    fluxcd.io/automated: \"true\"\n  labels:\n"),
     LABELS_ONLY)

FOUR = """apiVersion: apps/v1
kind: Deployment
metadata:
    name: web
    namespace: default
spec:
    template:
        spec:
            containers:
            -   name: web
                image: nginx:1.0
"""
case("annotation-create-four-space", ann({"fluxcd.io/locked": "true", "fluxcd.io/locked_user": "Jane Doe <jane@example.com>",
                                          "fluxcd.io/locked_msg": "Hold: incident #42, don't release"}),
     FOUR, FOUR.replace("    namespace: default\n",
                        "    namespace: default\n    annotations:\n"
                        "        fluxcd.io/locked: \"true\"\n"
                        "        fluxcd.io/locked_msg: \"Hold: incident #42, don't release\"\n"
                        "        fluxcd.io/locked_user: Jane Doe <jane@example.com>\n"))

OLD = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    flux.weave.works/automated: 'true'
    flux.weave.works/tag.web: glob:1.*
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.0
"""
case("annotation-old-prefix-update", ann({"fluxcd.io/tag.web": "semver:~1.2", "fluxcd.io/automated": "false"}), OLD,
     OLD.replace("glob:1.*", "semver:~1.2").replace("'true'", "'false'"))
case("annotation-old-prefix-remove", ann({"fluxcd.io/tag.web": None}), OLD,
     OLD.replace("    flux.weave.works/tag.web: glob:1.*\n", ""))

BOTH = OLD.replace("    flux.weave.works/tag.web: glob:1.*\n",
                   "    flux.weave.works/tag.web: glob:1.*\n    fluxcd.io/tag.web: glob:1.*\n")
case("annotation-both-prefixes-remove", ann({"fluxcd.io/tag.web": None}), BOTH, OLD.replace("    flux.weave.works/tag.web: glob:1.*\n", ""))

case("annotation-crlf-create", ann({"fluxcd.io/automated": "true"}), DEPLOY.replace("\n", "\r\n"),
     DEPLOY.replace("  namespace: default\n", "  namespace: default\n  annotations:\n    fluxcd.io/automated: \"true\"\n").replace("\n", "\r\n"))

TAIL = """apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.0
metadata:
  name: web
  annotations:
    fluxcd.io/locked: "true\""""
case("annotation-remove-last-no-final-newline", ann({"fluxcd.io/locked": None}), TAIL,
     TAIL[:TAIL.index("\n  annotations:")])
case("annotation-create-no-final-newline", ann({"fluxcd.io/automated": "true"}),
     TAIL[:TAIL.index("\n  annotations:")],
     TAIL[:TAIL.index("\n  annotations:")] + "\n  annotations:\n    fluxcd.io/automated: \"true\"")

FLOWANN = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {fluxcd.io/automated: "true", team: shop}
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.0
"""
case("annotation-flow-add", ann({"fluxcd.io/tag.web": "glob:1.*"}), FLOWANN,
     FLOWANN.replace("team: shop}", "team: shop, fluxcd.io/tag.web: glob:1.*}"))
case("annotation-flow-remove-first", ann({"fluxcd.io/automated": None}), FLOWANN,
     FLOWANN.replace('fluxcd.io/automated: "true", ', ""))
case("annotation-flow-empty", ann({"fluxcd.io/automated": "true"}),
     DEPLOY.replace("  namespace: default\n", "  namespace: default\n  annotations: {}\n"),
     DEPLOY.replace("  namespace: default\n", "  namespace: default\n  annotations:\n    fluxcd.io/automated: \"true\"\n"))

case("annotation-kind-list", ann({"fluxcd.io/automated": "true"}, workload="monitoring:daemonset/agent"), LIST,
     LIST.replace("    namespace: monitoring\n", "    namespace: monitoring\n    annotations:\n      fluxcd.io/automated: \"true\"\n"))

case("annotation-cronjob", ann({"fluxcd.io/tag.report": "regex:^2024\\.[0-9]+$"}, workload="jobs:cronjob/report"), CRON,
     CRON.replace("  namespace: jobs\n", "  namespace: jobs\n  annotations:\n    fluxcd.io/tag.report: regex:^2024\\.[0-9]+$\n"))

case("annotation-multi-document", ann({"fluxcd.io/automated": "true"}, workload="default:deployment/api"), MULTIDOC,
     MULTIDOC.replace("  name: api\n", "  name: api\n  annotations:\n    fluxcd.io/automated: \"true\"\n"))

case("annotation-json", ann({"fluxcd.io/automated": "true"}), JSONDOC,
     JSONDOC.replace('"namespace": "default"}', '"namespace": "default", "annotations": {"fluxcd.io/automated": "true"}}'))

BLOCKVAL = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"apps/v1",
       "kind":"Deployment"}

  # labels follow
  labels:
    app: web
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.0
"""
case("annotation-add-after-block-scalar", ann({"fluxcd.io/automated": "true"}), BLOCKVAL,
     BLOCKVAL.replace('       "kind":"Deployment"}\n', '       "kind":"Deployment"}\n    fluxcd.io/automated: "true"\n'))

QUOTEDKEYS = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    # first
    "fluxcd.io/automated": "true"   # on
    # trailing note about annotations
  labels: {app: web}
spec:
  template:
    spec:
      containers:
      - name: web
        image: &img nginx:1.0 # anchored
"""
case("annotation-quoted-keys-and-comments", ann({"fluxcd.io/tag.web": "glob:*"}), QUOTEDKEYS,
     QUOTEDKEYS.replace('   # on\n', '   # on\n    fluxcd.io/tag.web: glob:*\n'))
case("annotation-remove-last-with-comments", ann({"flux.weave.works/automated": None}), QUOTEDKEYS,
     QUOTEDKEYS.replace('  annotations:\n    # first\n    "fluxcd.io/automated": "true"   # on\n'
                        '    # trailing note about annotations\n', ""))
case("image-anchored", img("nginx:1.1"), QUOTEDKEYS, QUOTEDKEYS.replace("&img nginx:1.0", "&img nginx:1.1"))
case("annotation-crlf-remove-last", ann({"fluxcd.io/automated": None}),
     LABELS_ONLY.replace("  labels:\n", "  annotations:\n    fluxcd.io/automated: \"true\"\n  labels:\n").replace("\n", "\r\n"),
     LABELS_ONLY.replace("\n", "\r\n"))
case("annotation-remove-absent-is-no-op", ann({"fluxcd.io/locked": None}), ANNOTATED, ANNOTATED)

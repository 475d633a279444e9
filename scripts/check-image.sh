#!/usr/bin/env bash
# Checks an image built by scripts/build-image.sh as a cluster would run it, with no
# container runtime: pulls REF back from its registry, checks the image config, unpacks
# the root filesystem and runs the image's own fluxd, fluxctl, git and ssh from it.
#
#   scripts/check-image.sh [--insecure] REF
#
#   1. config: numeric non-root user, entrypoint fluxd, HOME, OCI labels (version = this
#      source's SwiftFluxVersion, revision, source);
#   2. the image's fluxctl prints the install manifests; their runAsUser is the image's user;
#   3. the image's fluxd serves an embedded cluster, and those manifests are applied to it
#      with kubectl; a deploy key and known_hosts go where fluxd reads them;
#   4. the image's fluxd runs `--once` with the installed Deployment's arguments and
#      environment, as the image's user, with the root filesystem mounted read-only and a
#      tmpfs on each emptyDir the Deployment mounts (like readOnlyRootFilesystem): it clones
#      over ssh from an sshd on 127.0.0.1 with the image's git and ssh, applies the
#      repository, and pushes its sync tag. The cluster must then hold the repository's
#      objects and the repository the tag.
#
# Needs root (unshare, mount, chroot; CI runs as root) and skopeo, umoci, sshd, ssh-keygen,
# kubectl, python3 (scripts/install-test-deps.sh installs them).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
INSECURE=false
REF=""
while [ $# -gt 0 ]; do
    case "$1" in
        --insecure) INSECURE=true; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "check-image.sh: unknown option $1" >&2; exit 2 ;;
        *) REF="$1"; shift ;;
    esac
done
[ -n "$REF" ] || { echo "usage: scripts/check-image.sh [--insecure] REF" >&2; exit 2; }
[ "$(id -u)" = "0" ] || { echo "check-image.sh: needs root (unshare, mount, chroot)" >&2; exit 1; }
TLS=true
if $INSECURE; then TLS=false; fi

fail() { echo "check-image.sh: FAIL: $*" >&2; exit 1; }

# Runs chroot(1) arguments inside the unpacked root with /proc and /dev mounted, in a private
# mount namespace (Swift reads its arguments from /proc/self/cmdline).
in_root() {
    # shellcheck disable=SC2016 # expanded by the inner bash
    unshare --mount --fork --kill-child -- bash -c \
        'mount -t proc proc "$ROOTFS/proc" && mount --rbind /dev "$ROOTFS/dev" && exec chroot "$@"' in-root "$@"
}
step() { echo "==> $*" >&2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/swiftflux-check.XXXXXX")"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Waits (bounded) until 127.0.0.1:$1 accepts connections.
wait_port() {
    local port="$1" what="$2"
    for _ in $(seq 1 300); do
        if python3 -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1',$port)))"; then
            return 0
        fi
        sleep 0.2
    done
    fail "$what did not listen on 127.0.0.1:$port within 60s"
}

step "pulling $REF back from the registry"
skopeo copy --quiet --src-tls-verify="$TLS" "docker://$REF" "oci:$WORK/layout:check"

step "image config"
skopeo inspect --config "oci:$WORK/layout:check" > "$WORK/config.json"
VERSION="$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' "$ROOT/Sources/FluxAPI/Model/SwiftFluxVersion.swift")"
IMAGE_USER="$(python3 - "$WORK/config.json" "$VERSION" <<'PY'
import json, re, sys
config = json.load(open(sys.argv[1]))
version = sys.argv[2]
c = config.get("config", {})
problems = []
user = c.get("User", "")
if not re.fullmatch(r"[0-9]+(:[0-9]+)?", user):
    problems.append(f"User {user!r} is not numeric uid:gid (runAsNonRoot needs a numeric user)")
elif int(user.split(":")[0]) == 0:
    problems.append("User is root")
if c.get("Entrypoint") != ["/usr/local/bin/fluxd"]:
    problems.append(f"Entrypoint is {c.get('Entrypoint')!r}, not fluxd")
if "HOME=/home/flux" not in c.get("Env", []):
    problems.append(f"Env {c.get('Env')!r} has no HOME=/home/flux")
labels = c.get("Labels") or {}
if labels.get("org.opencontainers.image.version") != version:
    problems.append(f"label version {labels.get('org.opencontainers.image.version')!r} != {version!r}")
for key in ("revision", "source", "created"):
    if not labels.get(f"org.opencontainers.image.{key}"):
        problems.append(f"label org.opencontainers.image.{key} missing")
if config.get("architecture") != "amd64" or config.get("os") != "linux":
    problems.append("platform is not linux/amd64")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
print(user)
PY
)" || fail "image config"
IMAGE_UID="${IMAGE_USER%%:*}"
IMAGE_GID="${IMAGE_USER##*:}"
echo "user $IMAGE_USER, entrypoint /usr/local/bin/fluxd, version $VERSION" >&2

step "unpacking the root filesystem"
umoci unpack --image "$WORK/layout:check" "$WORK/bundle" >/dev/null
ROOTFS="$WORK/bundle/rootfs"
export ROOTFS
for tool in /usr/local/bin/fluxd /usr/local/bin/fluxctl /usr/bin/git /usr/bin/ssh /usr/bin/gpg; do
    [ -x "$ROOTFS$tool" ] || fail "$tool is missing from the image"
done
chroot --userspec="$IMAGE_UID:$IMAGE_GID" "$ROOTFS" /usr/bin/git --version >&2
chroot --userspec="$IMAGE_UID:$IMAGE_GID" "$ROOTFS" /usr/bin/ssh -V
chroot --userspec="$IMAGE_UID:$IMAGE_GID" "$ROOTFS" /usr/bin/gpg --version | head -n 1 >&2
[ "$(chroot "$ROOTFS" /usr/bin/getent passwd "$IMAGE_UID" | cut -d: -f6)" = "/home/flux" ] \
    || fail "uid $IMAGE_UID has no passwd entry with home /home/flux (ssh needs one)"

step "a git repository served by sshd on 127.0.0.1"
mkdir -p "$WORK/sshd" "$WORK/src/deploy"
ssh-keygen -q -t ed25519 -N '' -C image-check-host -f "$WORK/sshd/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -C image-check-deploy-key -f "$WORK/identity"
cp "$WORK/identity.pub" "$WORK/sshd/authorized_keys"
SSH_PORT="$(free_port)"
cat > "$WORK/sshd/sshd_config" <<EOF
ListenAddress 127.0.0.1:$SSH_PORT
HostKey $WORK/sshd/host_ed25519
PidFile $WORK/sshd/sshd.pid
AuthorizedKeysFile $WORK/sshd/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthenticationMethods publickey
PermitRootLogin prohibit-password
AllowUsers root
UseDNS no
EOF
mkdir -p /run/sshd
/usr/sbin/sshd -D -e -f "$WORK/sshd/sshd_config" 2>"$WORK/sshd/log" &
PIDS+=($!)
cat > "$WORK/src/deploy/app.yaml" <<'EOF'
apiVersion: v1
kind: Namespace
metadata:
  name: image-check
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: synced-by-the-image
  namespace: image-check
data:
  from: scripts/check-image.sh
EOF
git -C "$WORK/src" init -q -b main
git -C "$WORK/src" add -A
git -C "$WORK/src" -c user.name=check -c user.email=check@swiftflux.invalid commit -q -m "app"
git clone -q --bare "$WORK/src" "$WORK/config.git"
wait_port "$SSH_PORT" sshd
GIT_URL="ssh://root@127.0.0.1:$SSH_PORT$WORK/config.git"

step "the image's fluxd serves an embedded cluster; the image's fluxctl install output is applied"
API_PORT="$(free_port)"
mkdir -p "$WORK/host"
in_root "$ROOTFS" /usr/local/bin/fluxd --embedded-cluster "127.0.0.1:$API_PORT" \
    --write-kubeconfig /kubeconfig >"$WORK/host/cluster.log" 2>&1 &
PIDS+=($!)
wait_port "$API_PORT" "the embedded cluster"
KUBECONFIG_FILE="$ROOTFS/kubeconfig"
for _ in $(seq 1 100); do [ -s "$KUBECONFIG_FILE" ] && break; sleep 0.2; done
cp "$KUBECONFIG_FILE" "$WORK/kubeconfig"
kc() { kubectl --kubeconfig "$WORK/kubeconfig" "$@"; }

in_root --userspec="$IMAGE_UID:$IMAGE_GID" "$ROOTFS" /usr/local/bin/fluxctl install \
    --git-url="$GIT_URL" --git-branch=main --git-path=deploy --git-email=flux@swiftflux.invalid \
    > "$WORK/install.yaml"
kc apply -f "$WORK/install.yaml" >&2
kc -n flux create secret generic flux-git-deploy --from-file=identity="$WORK/identity" \
    --dry-run=client -o yaml | kc apply -f - >&2
echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 "$WORK/sshd/host_ed25519.pub")" > "$WORK/known_hosts"
kc -n flux create configmap flux-ssh-config --from-file=known_hosts="$WORK/known_hosts" \
    --dry-run=client -o yaml | kc apply -f - >&2
kc -n flux get deployment flux -o json > "$WORK/deployment.json"

# The pod as the kubelet would start it: arguments, environment and emptyDir mounts of the
# installed Deployment; fails when its runAsUser is not the image's user.
python3 - "$WORK/deployment.json" "$IMAGE_UID" "$WORK/pod" <<'PY'
import json, sys
deployment = json.load(open(sys.argv[1]))
image_uid = int(sys.argv[2])
pod = deployment["spec"]["template"]["spec"]
container = pod["containers"][0]
security = container.get("securityContext", {})
problems = []
if security.get("runAsUser") != image_uid:
    problems.append(f"runAsUser {security.get('runAsUser')} is not the image's user {image_uid}")
if security.get("readOnlyRootFilesystem") is not True:
    problems.append("readOnlyRootFilesystem is not set")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
volumes = {v["name"]: v for v in pod.get("volumes", [])}
with open(sys.argv[3] + ".emptydirs", "w") as f:
    for mount in container.get("volumeMounts", []):
        if "emptyDir" in volumes.get(mount["name"], {}):
            f.write(mount["mountPath"] + "\n")
with open(sys.argv[3] + ".env", "w") as f:
    for entry in container.get("env", []):
        if "value" in entry:
            f.write(f"{entry['name']}={entry['value']}\n")
with open(sys.argv[3] + ".args", "w") as f:
    for argument in container.get("args", []):
        # --once: one pass and exit; own ports so nothing else on the machine is in the way.
        if argument.startswith("--listen=") or argument.startswith("--listen-metrics="):
            continue
        f.write(argument + "\n")
PY
mapfile -t EMPTY_DIRS < "$WORK/pod.emptydirs"
mapfile -t POD_ENV < "$WORK/pod.env"
mapfile -t POD_ARGS < "$WORK/pod.args"
[ "${#EMPTY_DIRS[@]}" -ge 3 ] || fail "the Deployment mounts fewer than 3 emptyDirs: ${EMPTY_DIRS[*]}"
echo "emptyDirs: ${EMPTY_DIRS[*]}; env: ${POD_ENV[*]}" >&2

step "the image's fluxd --once as uid $IMAGE_UID on a read-only root filesystem"
LISTEN_PORT="$(free_port)"
METRICS_PORT="$(free_port)"
export IMAGE_UID IMAGE_GID WORK
set +e
# shellcheck disable=SC2016 # expanded by the inner bash, from the exported variables
unshare --mount --fork -- bash -euo pipefail -c '
    mount --bind "$ROOTFS" "$ROOTFS"
    mount -o remount,bind,ro "$ROOTFS"
    mount -t proc proc "$ROOTFS/proc"
    mount --rbind /dev "$ROOTFS/dev"
    dirs=()
    while [ "$1" != "--" ]; do dirs+=("$1"); shift; done
    shift
    for dir in "${dirs[@]}"; do
        # An emptyDir: empty, writable by the pod (fsGroup), on its own mount.
        mount -t tmpfs -o "mode=2770,uid=0,gid=$IMAGE_GID" emptydir "$ROOTFS$dir"
    done
    # The kubeconfig stands in for the in-cluster service account (the embedded cluster is plain HTTP).
    install -m 0644 "$WORK/kubeconfig" "$ROOTFS/tmp/kubeconfig"
    if touch "$ROOTFS/usr/local/bin/writable" 2>/dev/null; then echo "root filesystem is writable" >&2; exit 1; fi
    exec chroot --userspec="$IMAGE_UID:$IMAGE_GID" "$ROOTFS" /usr/bin/env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
' check-image "${EMPTY_DIRS[@]}" -- "${POD_ENV[@]}" /usr/local/bin/fluxd "${POD_ARGS[@]}" \
    --kubeconfig=/tmp/kubeconfig --k8s-namespace=flux --once \
    --listen="127.0.0.1:$LISTEN_PORT" --listen-metrics="127.0.0.1:$METRICS_PORT" \
    >"$WORK/fluxd.out" 2>"$WORK/fluxd.err"
STATUS=$?
set -e
cat "$WORK/fluxd.out" >&2
if [ "$STATUS" != "0" ]; then
    tail -n 40 "$WORK/fluxd.err" >&2
    echo "--- sshd" >&2; tail -n 20 "$WORK/sshd/log" >&2
    fail "fluxd --once exited with $STATUS"
fi

step "what the sync left behind"
kc -n image-check get configmap synced-by-the-image -o jsonpath='{.data.from}' | grep -q "scripts/check-image.sh" \
    || fail "the repository's ConfigMap is not in the cluster"
git -C "$WORK/config.git" rev-parse -q --verify refs/tags/flux >/dev/null \
    || fail "fluxd did not push its sync tag (git push over ssh from the image)"
[ "$(git -C "$WORK/config.git" rev-parse 'refs/tags/flux^{commit}')" = "$(git -C "$WORK/config.git" rev-parse main)" ] \
    || fail "the sync tag does not point at the synced commit"
echo "image check passed: $REF (user $IMAGE_USER) synced $GIT_URL over ssh and pushed its sync tag" >&2

#!/usr/bin/env bash
# Builds SwiftFlux's container image without a Docker daemon, from Debian packages only, and
# pushes it to REF. The image is the one the Containerfile describes: a slim Debian root
# filesystem with git, openssh-client, gnupg and ca-certificates, fluxd and fluxctl in
# /usr/local/bin (Swift standard library linked statically), user 65532:65532 ("flux", home
# /home/flux), entrypoint fluxd, OCI labels for version, revision and source.
#
#   scripts/build-image.sh [options] REF
#
#   --binaries DIR     take fluxd and fluxctl from DIR instead of building them with
#                      `swift build -c release $(scripts/static-swift-flags)` (--static-swift-stdlib
#                      and what FoundationNetworking needs). They must not need Swift's shared libraries;
#                      the script runs both inside the new root filesystem and fails otherwise.
#   --insecure         push over plain HTTP or to a registry with an untrusted certificate
#                      (skopeo --dest-tls-verify=false), e.g. a local docker-registry.
#   --oci-layout DIR   keep the OCI image layout in DIR (tag: REF's tag); default: a temp dir.
#   --no-push          build the layout only (use with --oci-layout).
#   --suite NAME       Debian suite of the root filesystem (default: bookworm).
#   --mirror URL       Debian mirror (default: the host's apt sources, as mmdebstrap picks).
#
# Tools: mmdebstrap (root filesystem), umoci (OCI layout and config), skopeo (push); all from
# Debian (scripts/install-test-deps.sh installs them). Run as root; elsewhere mmdebstrap uses
# its unshare mode, which needs subordinate ids (/etc/subuid) for the user.
#
# Reproducible: SOURCE_DATE_EPOCH (default: the commit time of HEAD) fixes every timestamp
# (file mtimes in the layer are clamped to it, the config's created time, history); the layer
# is a sorted tar from mmdebstrap. The same commit, binaries and Debian packages give the same
# image digest.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"

# The image's user and writable paths. FluxInstall (Sources/FluxInstall/InstallNames.swift)
# runs the pod as the same numeric user and mounts emptyDirs on the same paths; CI
# (scripts/check-image.sh) checks that the two agree.
IMAGE_UID=65532
IMAGE_GID=65532
IMAGE_HOME=/home/flux
IMAGE_STATE=/var/lib/fluxd
SOURCE_URL="https://github.com/swiftflux/swiftflux"

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; exit 2; }

BINARIES=""
INSECURE=false
LAYOUT=""
PUSH=true
SUITE=bookworm
MIRROR=""
REF=""
while [ $# -gt 0 ]; do
    case "$1" in
        --binaries) BINARIES="${2:?--binaries needs a directory}"; shift 2 ;;
        --binaries=*) BINARIES="${1#*=}"; shift ;;
        --insecure) INSECURE=true; shift ;;
        --oci-layout) LAYOUT="${2:?--oci-layout needs a directory}"; shift 2 ;;
        --oci-layout=*) LAYOUT="${1#*=}"; shift ;;
        --no-push) PUSH=false; shift ;;
        --suite) SUITE="${2:?--suite needs a name}"; shift 2 ;;
        --suite=*) SUITE="${1#*=}"; shift ;;
        --mirror) MIRROR="${2:?--mirror needs a URL}"; shift 2 ;;
        --mirror=*) MIRROR="${1#*=}"; shift ;;
        -h|--help) usage ;;
        -*) echo "build-image.sh: unknown option $1" >&2; usage ;;
        *) [ -z "$REF" ] || { echo "build-image.sh: one REF only" >&2; usage; }; REF="$1"; shift ;;
    esac
done
[ -n "$REF" ] || { echo "build-image.sh: REF is required, e.g. 127.0.0.1:5000/swiftflux:dev" >&2; usage; }
for tool in mmdebstrap umoci skopeo; do
    command -v "$tool" >/dev/null || { echo "build-image.sh: $tool is not installed (scripts/install-test-deps.sh)" >&2; exit 1; }
done

# The tag part of REF (after the last '/' a ':' that is not part of a digest), for the layout.
name_part="${REF##*/}"
case "$name_part" in
    *@*) TAG="latest" ;;
    *:*) TAG="${name_part##*:}" ;;
    *) TAG="latest" ;;
esac

VERSION="$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' "$ROOT/Sources/FluxAPI/Model/SwiftFluxVersion.swift")"
[ -n "$VERSION" ] || { echo "build-image.sh: cannot read the version from Sources/FluxAPI/Model/SwiftFluxVersion.swift" >&2; exit 1; }
REVISION="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
    SOURCE_DATE_EPOCH="$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 0)"
fi
export SOURCE_DATE_EPOCH
CREATED="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/swiftflux-image.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
if [ -z "$LAYOUT" ]; then LAYOUT="$WORK/layout"; fi

echo "==> fluxd and fluxctl" >&2
mkdir -p "$WORK/bin"
# Static Swift standard library and Foundation (see scripts/static-swift-flags for why the list).
mapfile -t STATIC_FLAGS < <("$ROOT/scripts/static-swift-flags")
if [ -z "$BINARIES" ]; then
    (cd "$ROOT" && swift build -c release "${STATIC_FLAGS[@]}" --product fluxd >&2 \
        && swift build -c release "${STATIC_FLAGS[@]}" --product fluxctl >&2)
    BINARIES="$(cd "$ROOT" && swift build -c release "${STATIC_FLAGS[@]}" --show-bin-path)"
fi
for binary in fluxd fluxctl; do
    [ -x "$BINARIES/$binary" ] || { echo "build-image.sh: $BINARIES/$binary is missing" >&2; exit 1; }
    install -m 0755 "$BINARIES/$binary" "$WORK/bin/$binary"
done
# Debug symbols are most of a debug build's size; the image does not need them.
if command -v strip >/dev/null; then strip --strip-debug "$WORK/bin/fluxd" "$WORK/bin/fluxctl"; fi
# Binaries linked against the Swift runtime's shared libraries (a plain `swift build`, as CI
# passes with --binaries): those libraries go into /usr/local/lib/swift, registered with
# ldconfig. A static build (the default) needs none and gets none.
mkdir -p "$WORK/swiftlib"
for binary in fluxd fluxctl; do
    ldd "$WORK/bin/$binary" | awk '$3 ~ /^\// { print $3 }' | while read -r library; do
        case "$library" in
            */lib/swift/*) install -m 0644 "$library" "$WORK/swiftlib/$(basename "$library")" ;;
        esac
    done
done
SWIFT_LIBS="$(find "$WORK/swiftlib" -type f | wc -l)"
if [ "$SWIFT_LIBS" -gt 0 ]; then
    echo "    bundling $SWIFT_LIBS Swift runtime libraries (the binaries are not statically linked)" >&2
    if command -v strip >/dev/null; then strip --strip-debug "$WORK/swiftlib/"*; fi
fi

echo "==> root filesystem (mmdebstrap $SUITE)" >&2
# Hooks run with the new root as $1. They add the user, its writable directories and the
# binaries, then run both binaries inside the root so a missing shared library fails here.
mirror_args=()
if [ -n "$MIRROR" ]; then mirror_args=("$MIRROR"); fi
# shellcheck disable=SC2016 # $1 in the hooks is mmdebstrap's, expanded by the hook's shell
mmdebstrap --quiet --variant=essential \
    --include=git,openssh-client,gnupg,ca-certificates,libstdc++6,libcurl4 \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/gnupg/help.*' \
    --customize-hook="echo 'flux:x:$IMAGE_GID:' >> \"\$1/etc/group\"" \
    --customize-hook="echo 'flux:x:$IMAGE_UID:$IMAGE_GID:SwiftFlux fluxd:$IMAGE_HOME:/usr/sbin/nologin' >> \"\$1/etc/passwd\"" \
    --customize-hook="echo 'flux:!:0:0:99999:7:::' >> \"\$1/etc/shadow\"" \
    --customize-hook="install -d -o $IMAGE_UID -g $IMAGE_GID -m 0700 \"\$1$IMAGE_HOME\" \"\$1$IMAGE_STATE\"" \
    --customize-hook="copy-in $WORK/bin/fluxd $WORK/bin/fluxctl /usr/local/bin" \
    --customize-hook="if [ $SWIFT_LIBS -gt 0 ]; then install -d \"\$1/usr/local/lib/swift\" && cp $WORK/swiftlib/* \"\$1/usr/local/lib/swift/\" && echo /usr/local/lib/swift > \"\$1/etc/ld.so.conf.d/swift.conf\" && chroot \"\$1\" ldconfig; fi" \
    --customize-hook='chown 0:0 "$1/usr/local/bin/fluxd" "$1/usr/local/bin/fluxctl"' \
    --customize-hook='chmod 0755 "$1/usr/local/bin/fluxd" "$1/usr/local/bin/fluxctl"' \
    --customize-hook='chroot "$1" /usr/local/bin/fluxd --help >/dev/null' \
    --customize-hook='chroot "$1" /usr/local/bin/fluxctl --help >/dev/null' \
    "$SUITE" "$WORK/rootfs.tar" "${mirror_args[@]}" >&2

echo "==> OCI layout ($LAYOUT:$TAG)" >&2
if [ ! -f "$LAYOUT/oci-layout" ]; then umoci init --layout "$LAYOUT"; fi
umoci rm --image "$LAYOUT:$TAG" 2>/dev/null || true # rebuilding a kept layout replaces the tag
umoci new --image "$LAYOUT:$TAG"
umoci raw add-layer --image "$LAYOUT:$TAG" \
    --history.created="$CREATED" --history.author="SwiftFlux" \
    --history.created_by="mmdebstrap --variant=essential $SUITE (git openssh-client gnupg ca-certificates libcurl4) + fluxd, fluxctl $VERSION" \
    "$WORK/rootfs.tar"
labels=(
    "org.opencontainers.image.title=SwiftFlux"
    "org.opencontainers.image.description=fluxd, the SwiftFlux GitOps daemon, and fluxctl"
    "org.opencontainers.image.version=$VERSION"
    "org.opencontainers.image.revision=$REVISION"
    "org.opencontainers.image.source=$SOURCE_URL"
    "org.opencontainers.image.created=$CREATED"
)
config_args=(
    --created="$CREATED" --author="SwiftFlux" --os=linux --architecture=amd64
    --history.created="$CREATED" --history.author="SwiftFlux"
    --history.created_by="scripts/build-image.sh: user, entrypoint, labels"
    --clear=config.entrypoint --clear=config.cmd --clear=config.env --clear=config.labels --clear=manifest.annotations
    --config.user="$IMAGE_UID:$IMAGE_GID"
    --config.entrypoint=/usr/local/bin/fluxd
    --config.env=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    --config.env=HOME="$IMAGE_HOME"
    --config.workingdir="$IMAGE_HOME"
    --config.exposedports=3030/tcp --config.exposedports=3031/tcp
)
for label in "${labels[@]}"; do config_args+=(--config.label="$label" --manifest.annotation="$label"); done
umoci config --image "$LAYOUT:$TAG" "${config_args[@]}"
umoci gc --layout "$LAYOUT"

if $PUSH; then
    echo "==> pushing $REF" >&2
    skopeo copy --quiet --dest-tls-verify="$( $INSECURE && echo false || echo true )" \
        "oci:$LAYOUT:$TAG" "docker://$REF"
fi
DIGEST="$(skopeo inspect --format '{{.Digest}}' "oci:$LAYOUT:$TAG")"
echo "$REF@$DIGEST"

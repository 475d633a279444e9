#!/usr/bin/env bash
# CI's image job: builds SwiftFlux's image with scripts/build-image.sh (the path users take),
# pushes it to a docker-registry on 127.0.0.1 over plain HTTP, and checks it with
# scripts/check-image.sh (config, and fluxd, git and ssh run from its root filesystem).
#
# The binaries are the debug build the tests use (`swift build`), passed with --binaries; the
# script bundles the Swift runtime libraries they load. A release build with the static Swift
# standard library (the script's default, what releases ship) compiles everything again with
# optimisation, which CI's 40-minute budget on 2 cores cannot afford, and switching one .build
# between static and dynamic linking leaves objects SwiftPM does not rebuild (seen with
# Hummingbird). See docs/building-the-image.md, "Why CI builds the image from debug binaries".
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> fluxd and fluxctl (debug)"
swift build --product fluxd
swift build --product fluxctl
BINARIES="$(swift build --show-bin-path)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/swiftflux-ci-image.XXXXXX")"
REGISTRY_PID=""
cleanup() {
    if [ -n "$REGISTRY_PID" ]; then kill "$REGISTRY_PID" 2>/dev/null || true; wait "$REGISTRY_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "==> docker-registry on 127.0.0.1"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
cat > "$WORK/registry.yml" <<YAML
version: 0.1
log:
  level: info
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $WORK/registry
http:
  addr: 127.0.0.1:$PORT
  secret: swiftflux-ci-image
YAML
docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
REGISTRY_PID=$!
for _ in $(seq 1 300); do
    grep -q "listening on 127.0.0.1:$PORT" "$WORK/registry.log" && break
    kill -0 "$REGISTRY_PID" 2>/dev/null || { cat "$WORK/registry.log" >&2; exit 1; }
    sleep 0.2
done
grep -q "listening on 127.0.0.1:$PORT" "$WORK/registry.log" || { cat "$WORK/registry.log" >&2; exit 1; }

REF="127.0.0.1:$PORT/swiftflux/swiftflux:ci"
scripts/build-image.sh --insecure --binaries "$BINARIES" "$REF"
scripts/check-image.sh --insecure "$REF"

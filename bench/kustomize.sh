#!/usr/bin/env bash
# Renders a generated overlay of 2,043 objects (three layers of patches and generators)
# natively and with `kubectl kustomize` in the same run, checks the outputs are equal and
# prints both times and the ratio. Release build; run from the package root.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFTFLUX_KUSTOMIZE_BENCH_APPS="${SWIFTFLUX_KUSTOMIZE_BENCH_APPS:-510}" \
    swift test -c release --filter LargeOverlayTests 2>&1 | grep -E "large overlay|passed|failed|error"

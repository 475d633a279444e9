#!/usr/bin/env bash
# Native kustomize vs `kubectl kustomize` (release build; run from anywhere):
# 1. in process: LargeOverlayTests renders a generated overlay of 2,043 objects (three layers
#    of patches and generators) natively and with kubectl, checks the outputs are equal and
#    prints both times and the ratio (aim: native at least 5x faster);
# 2. whole processes: `fluxctl build` vs `kubectl kustomize` on the same large overlay and on
#    a small kustomization (start-up cost), each the best of 3 runs, with peak RSS from GNU
#    time; outputs compared byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
APPS="${SWIFTFLUX_KUSTOMIZE_BENCH_APPS:-510}"
SWIFTFLUX_KUSTOMIZE_BENCH_APPS="$APPS" \
    swift test -c release --filter LargeOverlayTests 2>&1 | grep -E "large overlay|passed|failed|error"

swift build -c release --product fluxctl 2>&1 | grep -E "error|Compiling fluxctl|Build complete" || true
FLUXCTL="$(swift build -c release --show-bin-path)/fluxctl"
KUBECTL="${SWIFTFLUX_KUBECTL:-$(command -v kubectl)}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 bench/kustomize-overlay.py "$WORK" "$APPS"

# best-of-3 wall time (s) and the peak RSS (KiB) of that run, output in $WORK/out.<name>
measure() {
    local name="$1"; shift
    local best="" rss=""
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/out.$name" 2>"$WORK/err.$name"
        read -r seconds kib <"$WORK/time"
        if [ -z "$best" ] || awk "BEGIN{exit !($seconds < $best)}"; then best="$seconds"; rss="$kib"; fi
    done
    echo "$best $rss"
}

for case in large small; do
    read -r ft frss < <(measure "fluxctl-$case" "$FLUXCTL" build "$WORK/$case")
    read -r kt krss < <(measure "kubectl-$case" "$KUBECTL" kustomize "$WORK/$case")
    if cmp -s "$WORK/out.fluxctl-$case" "$WORK/out.kubectl-$case"; then same="identical"; else same="DIFFERENT"; fi
    ratio=$(awk "BEGIN{ if ($ft > 0) printf \"%.1f\", $kt / $ft; else print \"inf\" }")
    echo "process $case: fluxctl build ${ft}s (peak RSS $((frss / 1024)) MiB), kubectl kustomize ${kt}s (peak RSS $((krss / 1024)) MiB), ratio ${ratio}x, output $same"
done

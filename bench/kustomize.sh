#!/usr/bin/env bash
# Native kustomize vs `kubectl kustomize` (release build; run from anywhere):
# 1. whole processes: `fluxctl build` vs `kubectl kustomize` on a generated overlay of 2,043
#    objects (three layers of patches and generators; aim: native at least 5x faster), on a
#    small kustomization (start-up cost) and on 500 objects in 500 files listed one by one,
#    each the best of 3 runs, with peak RSS from GNU time; outputs compared byte for byte;
# 2. with SWIFTFLUX_KUSTOMIZE_BENCH_IN_PROCESS=1, also in process: LargeOverlayTests renders
#    the large overlay natively and with kubectl and prints both times (this builds every
#    test target in release mode, which takes long).
# SWIFTFLUX_BENCH_SCRATCH picks the build directory (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
APPS="${SWIFTFLUX_KUSTOMIZE_BENCH_APPS:-510}"
SCRATCH="${SWIFTFLUX_BENCH_SCRATCH:-.build}"
if [ "${SWIFTFLUX_KUSTOMIZE_BENCH_IN_PROCESS:-0}" = 1 ]; then
    SWIFTFLUX_KUSTOMIZE_BENCH_APPS="$APPS" \
        swift test -c release --scratch-path "$SCRATCH" --filter LargeOverlayTests 2>&1 | grep -E "large overlay|passed|failed|error"
fi

swift build -c release --scratch-path "$SCRATCH" --product fluxctl 2>&1 | grep -E "error|Compiling fluxctl|Build complete" || true
FLUXCTL="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/fluxctl"
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

for case in large small files; do
    read -r ft frss < <(measure "fluxctl-$case" "$FLUXCTL" build "$WORK/$case")
    read -r kt krss < <(measure "kubectl-$case" "$KUBECTL" kustomize "$WORK/$case")
    if cmp -s "$WORK/out.fluxctl-$case" "$WORK/out.kubectl-$case"; then same="identical"; else same="DIFFERENT"; fi
    ratio=$(awk "BEGIN{ if ($ft > 0) printf \"%.1f\", $kt / $ft; else print \"inf\" }")
    echo "process $case: fluxctl build ${ft}s (peak RSS $((frss / 1024)) MiB), kubectl kustomize ${kt}s (peak RSS $((krss / 1024)) MiB), ratio ${ratio}x, output $same"
done

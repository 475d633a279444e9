#!/usr/bin/env bash
# Builds SwiftFlux in release mode and runs the benchmarks (each beside its reference).
# Usage: bench/run.sh [ssa|sync|all] [--objects N]  |  bench/run.sh images [--tags N] [--rps R]  |  bench/run.sh webhook [--pushes N]
#        bench/run.sh soak [--passes N]   (issue 16: RSS and open fds over N sync passes)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product fluxd
swift build -c release --product swiftflux-bench
exec "$(swift build -c release --show-bin-path)/swiftflux-bench" "$@"

#!/usr/bin/env bash
# The README's test command: installs every tool the tests need (scripts/install-test-deps.sh),
# then builds and runs the whole test suite. Extra arguments go to `swift test`
# (e.g. `scripts/test.sh --filter FluxInstallTests`).
set -euo pipefail
cd "$(dirname "$0")/.."

PIP_BIN="$(scripts/install-test-deps.sh | tail -n 1)"
# pip's script directory first, so the kubectl under test is the PyPI one.
export PATH="$PIP_BIN:$PATH"
kubectl version --client >/dev/null

# git needs an identity for the commits the tests make.
git config --global user.name >/dev/null 2>&1 || git config --global user.name "SwiftFlux Tests"
git config --global user.email >/dev/null 2>&1 || git config --global user.email "tests@swiftflux.invalid"

swift build
swift test "$@"

#!/usr/bin/env bash
# Lints what the Swift compiler does not see: the Containerfiles (hadolint), the example's
# GitHub Actions workflow (actionlint, which runs shellcheck on its run: steps) and the
# shell scripts (shellcheck). scripts/install-test-deps.sh installs all three. Also checks
# that Package.swift declares exactly what each target imports, and that the Swift sources
# are formatted as .swift-format says (the toolchain's `swift format lint`).
set -euo pipefail
cd "$(dirname "$0")/.."

containerfiles=(Containerfile examples/app/Containerfile)
workflows=(examples/app/.github/workflows/*.yml)
scripts=(scripts/*.sh scripts/static-swift-flags .ci/run bench/*.sh)

echo "==> hadolint ${containerfiles[*]}"
hadolint "${containerfiles[@]}"
echo "==> actionlint ${workflows[*]}"
actionlint "${workflows[@]}"
echo "==> shellcheck ${scripts[*]}"
shellcheck "${scripts[@]}"
echo "==> swift format lint (configuration: .swift-format)"
swift format lint --strict --recursive --parallel Sources Tests Package.swift
echo "==> Package.swift dependencies against the sources' imports"
scripts/check-package-imports.py
echo "lint: $(( ${#containerfiles[@]} + ${#workflows[@]} + ${#scripts[@]} )) files clean, Swift sources formatted, Package.swift exact"

#!/usr/bin/env bash
# Long fuzzing runs of the parsers CI fuzzes briefly (issue 16): the YAML and JSON readers, the
# manifest loader and kustomize, the registry client, the webhook payload parsers, and fluxd's
# API request decoding.
# Usage: bench/fuzz.sh [ITERATIONS] [SECONDS_PER_TARGET] [SEED]
#   e.g. bench/fuzz.sh 200000 1800 $RANDOM
# A failure prints the seed and input number that reproduce it and saves the whole input under
# the temporary directory; FUZZ_SEED=S FUZZ_INPUT=N swift test --filter ... runs that input alone
# (the test's count checks then fail too: only the input's own outcome matters).
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_ITERATIONS="${1:-100000}"
export FUZZ_SECONDS="${2:-600}"
export FUZZ_SEED="${3:-$(date +%s)}"
echo "fuzzing: ${FUZZ_ITERATIONS} inputs or ${FUZZ_SECONDS}s per target, seed ${FUZZ_SEED}"
swift build -j 1 --build-tests
for filter in ParserFuzzTests LoaderFuzzTests RegistryFuzzTests \
    WebhookFuzzTests 'SecurityTests/everyRouteRefusesMissingOrWrongTokensAndDecodesHostileBodies'; do
    swift test -j 1 --skip-build --filter "$filter"
done

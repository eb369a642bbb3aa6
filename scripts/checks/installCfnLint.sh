#!/usr/bin/env bash
# Installs the pinned cfn-lint into the project-local, git-ignored virtualenv .venv-lint/
# ($CFN_LINT_VENV). Idempotent: does nothing when it already holds the pinned version. Called by
# the cfn-lint test's setup, so a clean `npm test` installs it; the pin lives here only.
set -euo pipefail

CFN_LINT_VERSION="1.58.0"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INSTALLER="cfn-lint install"
# shellcheck source=../lib/pipVenv.sh
source "$ROOT/scripts/lib/pipVenv.sh"
install_pinned_package cfn-lint "$CFN_LINT_VERSION" "${CFN_LINT_VENV:-$ROOT/.venv-lint}" 3.9 "$@"

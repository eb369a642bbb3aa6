#!/usr/bin/env bash
# Installs the pinned cfn-lint into the project-local, git-ignored virtualenv .venv-lint/.
# Idempotent: does nothing when .venv-lint already holds the pinned version. Called by the
# cfn-lint test's setup, so a clean `npm test` installs it; the pin lives here only.
set -euo pipefail

CFN_LINT_VERSION="1.58.0"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${CFN_LINT_VENV:-$ROOT/.venv-lint}"
PY="${PYTHON:-python3}"

die() { echo "cfn-lint install: $*" >&2; exit 1; }
# shellcheck source=../lib/pipVenv.sh
source "$ROOT/scripts/lib/pipVenv.sh"

if [[ "${1:-}" == "--print-version" ]]; then echo "$CFN_LINT_VERSION"; exit 0; fi

if [[ "$(venv_package_version "$VENV" cfn-lint || true)" == "$CFN_LINT_VERSION" ]]; then
  echo "cfn-lint $CFN_LINT_VERSION already installed in $VENV"
  exit 0
fi

require_python "$PY" 3.9 cfn-lint
pip_venv_install "$VENV" "$PY" 3.9 "cfn-lint==$CFN_LINT_VERSION"
[[ "$(venv_package_version "$VENV" cfn-lint || true)" == "$CFN_LINT_VERSION" ]] || die "after install, $VENV does not report cfn-lint $CFN_LINT_VERSION."
echo "cfn-lint $CFN_LINT_VERSION installed in $VENV"

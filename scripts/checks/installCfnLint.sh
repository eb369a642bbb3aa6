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

if [[ "${1:-}" == "--print-version" ]]; then echo "$CFN_LINT_VERSION"; exit 0; fi

installed_version() {
  [[ -x "$VENV/bin/python" ]] || return 1
  "$VENV/bin/python" -c 'from importlib.metadata import version; print(version("cfn-lint"))' 2>/dev/null
}

if [[ "$(installed_version || true)" == "$CFN_LINT_VERSION" ]]; then
  echo "cfn-lint $CFN_LINT_VERSION already installed in $VENV"
  exit 0
fi

command -v "$PY" >/dev/null 2>&1 || die "'$PY' not found. Install Python 3.9+ or set PYTHON=/path/to/python3."
if [[ ! -x "$VENV/bin/python" ]]; then
  echo "creating virtualenv $VENV"
  "$PY" -m venv "$VENV" || die "'$PY -m venv $VENV' failed (on Debian/Ubuntu: apt-get install python3-venv)."
fi
echo "installing cfn-lint==$CFN_LINT_VERSION into $VENV"
"$VENV/bin/python" -m pip install --disable-pip-version-check --quiet "cfn-lint==$CFN_LINT_VERSION" \
  || die "pip install cfn-lint==$CFN_LINT_VERSION failed (is PyPI reachable?)."
[[ "$(installed_version || true)" == "$CFN_LINT_VERSION" ]] || die "after install, $VENV does not report cfn-lint $CFN_LINT_VERSION."
echo "cfn-lint $CFN_LINT_VERSION installed in $VENV"

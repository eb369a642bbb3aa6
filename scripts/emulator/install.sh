#!/usr/bin/env bash
# Installs the pinned MiniStack (local AWS emulator) into the project-local virtualenv .venv/.
# Idempotent: does nothing when .venv already holds the pinned version.
#
# The pin lives here and nowhere else: emulator.ts reads it from this file.
# Why this version and what it does and does not emulate: docs/emulator.md.
set -euo pipefail

MINISTACK_VERSION="1.5.33"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${MINISTACK_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"

die() { echo "emulator install: $*" >&2; exit 1; }

if [[ "${1:-}" == "--print-version" ]]; then echo "$MINISTACK_VERSION"; exit 0; fi

installed_version() {
  [[ -x "$VENV/bin/python" ]] || return 1
  "$VENV/bin/python" - <<'PY' 2>/dev/null
from importlib.metadata import version
print(version("ministack"))
PY
}

if [[ "$(installed_version || true)" == "$MINISTACK_VERSION" ]]; then
  echo "ministack $MINISTACK_VERSION already installed in $VENV"
  exit 0
fi

command -v "$PY" >/dev/null 2>&1 \
  || die "'$PY' not found. Install Python 3.10+ (e.g. apt-get install python3 python3-venv) or set PYTHON=/path/to/python3."
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
  || die "$("$PY" --version 2>&1) is too old: MiniStack needs Python 3.10+. Set PYTHON=/path/to/python3.x."
"$PY" -c 'import venv, ensurepip' 2>/dev/null \
  || die "'$PY' has no venv/ensurepip module. On Debian/Ubuntu: apt-get install python3-venv."

if [[ ! -x "$VENV/bin/python" ]]; then
  echo "creating virtualenv $VENV"
  "$PY" -m venv "$VENV" || die "'$PY -m venv $VENV' failed (on Debian/Ubuntu: apt-get install python3-venv)."
fi
"$VENV/bin/python" -m pip --version >/dev/null 2>&1 \
  || die "pip is missing in $VENV. Delete $VENV and retry, or install python3-pip/python3-venv."

echo "installing ministack==$MINISTACK_VERSION into $VENV"
"$VENV/bin/python" -m pip install --disable-pip-version-check --quiet "ministack==$MINISTACK_VERSION" \
  || die "pip install ministack==$MINISTACK_VERSION failed (is PyPI reachable?)."

[[ "$(installed_version || true)" == "$MINISTACK_VERSION" ]] \
  || die "after install, $VENV does not report ministack $MINISTACK_VERSION."
echo "ministack $MINISTACK_VERSION installed in $VENV"

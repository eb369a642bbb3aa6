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
# shellcheck source=../lib/pipVenv.sh
source "$ROOT/scripts/lib/pipVenv.sh"

if [[ "${1:-}" == "--print-version" ]]; then echo "$MINISTACK_VERSION"; exit 0; fi

if [[ "$(venv_package_version "$VENV" ministack || true)" == "$MINISTACK_VERSION" ]]; then
  echo "ministack $MINISTACK_VERSION already installed in $VENV"
  exit 0
fi

require_python "$PY" 3.10 MiniStack
pip_venv_install "$VENV" "$PY" 3.10 "ministack==$MINISTACK_VERSION"
[[ "$(venv_package_version "$VENV" ministack || true)" == "$MINISTACK_VERSION" ]] \
  || die "after install, $VENV does not report ministack $MINISTACK_VERSION."
echo "ministack $MINISTACK_VERSION installed in $VENV"

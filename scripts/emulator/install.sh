#!/usr/bin/env bash
# Installs the pinned MiniStack (local AWS emulator) into the project-local virtualenv .venv/
# ($MINISTACK_VENV). Idempotent: does nothing when it already holds the pinned version.
#
# The pin lives here and nowhere else: emulator.ts reads it from this file.
# Why this version and what it does and does not emulate: docs/emulator.md.
set -euo pipefail

MINISTACK_VERSION="1.5.33"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INSTALLER="emulator install"
# shellcheck source=../lib/pipVenv.sh
source "$ROOT/scripts/lib/pipVenv.sh"
install_pinned_package ministack "$MINISTACK_VERSION" "${MINISTACK_VENV:-$ROOT/.venv}" 3.10 "$@"

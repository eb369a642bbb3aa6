#!/usr/bin/env bash
# Installs the pinned MiniStack (local AWS emulator) into the project-local virtualenv .venv/
# ($MINISTACK_VENV). Idempotent: does nothing when it already holds the pinned versions.
#
# The pins live here and nowhere else: emulator.ts reads MiniStack's from this file.
# Why this version and what it does and does not emulate: docs/emulator.md.
set -euo pipefail

MINISTACK_VERSION="1.5.33"
# MiniStack runs Python Lambdas with its own interpreter (this venv's), where AWS's Python runtimes
# ship boto3; the Python consumer runtime (sqs_backoff) needs it. MiniStack already pins botocore
# (1.43.106), so this adds only boto3 of the same release and s3transfer.
LAMBDA_BOTO3_VERSION="1.43.106"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INSTALLER="emulator install"
VENV="${MINISTACK_VENV:-$ROOT/.venv}"
# shellcheck source=../lib/pipVenv.sh
source "$ROOT/scripts/lib/pipVenv.sh"
install_pinned_package ministack "$MINISTACK_VERSION" "$VENV" 3.10 "$@"
[[ "${1:-}" == "--print-version" ]] && exit 0
if [[ "$(venv_package_version "$VENV" boto3 || true)" != "$LAMBDA_BOTO3_VERSION" ]]; then
  pip_venv_install "$VENV" "${PYTHON:-python3}" 3.10 "boto3==$LAMBDA_BOTO3_VERSION"
fi

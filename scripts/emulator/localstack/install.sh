#!/usr/bin/env bash
# Installs the pinned LocalStack (localstack-core, no Docker) into the project-local virtualenv
# .localstack-venv/ (git-ignored). Idempotent: does nothing when the venv already holds the pins.
#
# The pins live here and nowhere else: localstack.ts reads LOCALSTACK_VERSION from this file.
# Why each extra pin (measured with 2026.3.0, issue 13):
#   cbor2<6            cbor2 6 no longer has cbor2._decoder, which localstack-core imports
#   pyopenssl==25.1.0  pyOpenSSL 26 removed X509.add_extensions (used for the gateway's certificate)
#   cryptography<46    the range pyOpenSSL 25.1.0 supports
#   service_identity   Twisted refuses TLS without it
# localstack-core needs Python >= 3.13: it uses PEP 695 generics (3.12) and warnings.deprecated
# (3.13). On an older Python it starts and dies with "No component plugins found in namespace
# localstack.runtime.components" (the plugin's import error is swallowed; measured on 3.11 and 3.12.1).
# What it emulates and how it differs from MiniStack and AWS: docs/emulator.md.
set -euo pipefail

LOCALSTACK_VERSION="2026.3.0"
PINS=("localstack-core[runtime]==$LOCALSTACK_VERSION" 'cbor2<6' 'pyopenssl==25.1.0' 'cryptography>=45.0.1,<46' 'service_identity')

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
VENV="${LOCALSTACK_VENV:-$ROOT/.localstack-venv}"

INSTALLER="localstack install"
# shellcheck source=../../lib/pipVenv.sh
source "$ROOT/scripts/lib/pipVenv.sh"

if [[ "${1:-}" == "--print-version" ]]; then echo "$LOCALSTACK_VERSION"; exit 0; fi

# Prints "<localstack-core version> <cbor2 major> <pyopenssl version>" of the venv, or fails.
installed() {
  [[ -x "$VENV/bin/python" ]] || return 1
  "$VENV/bin/python" - <<'PY' 2>/dev/null
from importlib.metadata import version
import sys
import service_identity  # noqa: F401  (Twisted's TLS needs it)
assert sys.version_info >= (3, 13)
print(version("localstack-core"), version("cbor2").split(".")[0], version("pyopenssl"))
PY
}

want="$LOCALSTACK_VERSION 5 25.1.0"
have="$(installed || true)"
if [[ "$have" == "$LOCALSTACK_VERSION "[0-5]" 25.1.0" ]]; then
  echo "localstack-core $LOCALSTACK_VERSION already installed in $VENV"
  exit 0
fi

# A Python >= 3.13: $LOCALSTACK_PYTHON, then python3.13/3.14 on PATH, then pyenv's installs.
# pyenv shims exist for every installed version but fail unless that version is selected, so
# each candidate must actually run.
candidates=()
[[ -n "${LOCALSTACK_PYTHON:-}" ]] && candidates+=("$LOCALSTACK_PYTHON")
candidates+=(python3.13 python3.14 python3)
for p in "$HOME"/.pyenv/versions/3.1[3-9]*/bin/python; do [[ -x "$p" ]] && candidates+=("$p"); done
PY=""
tried=()
for c in "${candidates[@]}"; do
  if python_at_least "$c" 3.13; then PY="$c"; break; fi
  tried+=("$c")
done
[[ -n "$PY" ]] || die "no Python >= 3.13 found (tried: ${tried[*]}). localstack-core $LOCALSTACK_VERSION needs 3.13+ (warnings.deprecated, PEP 695 generics). Install python3.13 (e.g. 'pyenv install 3.13' or 'apt-get install python3.13 python3.13-venv') or set LOCALSTACK_PYTHON=/path/to/python3.13."
require_python "$PY" 3.13 localstack-core

echo "localstack-core: about 30 s and 500 MB the first time"
pip_venv_install "$VENV" "$PY" 3.13 "${PINS[@]}"

have="$(installed || true)"
[[ "$have" == "$LOCALSTACK_VERSION "[0-5]" 25.1.0" ]] \
  || die "after install, $VENV reports '$have' (localstack-core, cbor2 major, pyopenssl), wanted $want."
echo "localstack-core $LOCALSTACK_VERSION installed in $VENV"

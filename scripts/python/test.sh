#!/usr/bin/env bash
# The Python runtime's checks (lambda/python/sqs_backoff): pytest on Python 3.11 (the host's,
# what MiniStack runs Python Lambdas with) and 3.13 (Lambda's default python runtime), then
# `ruff check` and `mypy --strict`. Each Python gets a git-ignored virtualenv with the pins below,
# created on the first run (about 20 s) and reused while the pins hold. `npm test` runs this
# through the vitest project `python` (test/python/python.test.ts); `npm run test:python` runs it alone.
#
# Pins (why each is worth it): pytest runs test/python and the golden vectors; ruff and mypy are the
# style and typing gates the charter asks of Python code. boto3 is not installed: the unit tests
# drive the runtime through its injected-client seam.
set -euo pipefail

PYTEST_VERSION="9.2.0"
RUFF_VERSION="0.17.6"
MYPY_VERSION="2.4.1"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INSTALLER="python checks"
# shellcheck source=../lib/pipVenv.sh
source "$ROOT/scripts/lib/pipVenv.sh"

# find_python 3.13 — a python of exactly that minor version: python3.X on PATH, python3, then pyenv's installs.
find_python() {
  local want="$1" c
  local candidates=("python$want" python3)
  for p in "$HOME"/.pyenv/versions/"$want".*/bin/python; do [[ -x "$p" ]] && candidates+=("$p"); done
  for c in "${candidates[@]}"; do
    if "$c" -c "import sys; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$want' else 1)" >/dev/null 2>&1; then
      echo "$c"
      return 0
    fi
  done
  die "no Python $want found (tried ${candidates[*]}): install it (e.g. 'pyenv install $want') or put python$want on PATH."
}

# venv_for 3.11 PIN... — the virtualenv .venv-python3.11 holding the pins (installed when they changed).
venv_for() {
  local version="$1" venv="$ROOT/.venv-python$1"
  shift
  local stamp="$venv/.pins" want="$*"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$venv/bin/python" ]]; then
    echo "$venv"
    return 0
  fi
  local py
  py="$(find_python "$version")"
  require_python "$py" "$version" "the Python checks" >&2
  pip_venv_install "$venv" "$py" "$version" "$@" >&2
  echo "$want" >"$stamp"
  echo "$venv"
}

cd "$ROOT"
status=0
PINS=("pytest==$PYTEST_VERSION")
V311="$(venv_for 3.11 "${PINS[@]}" "ruff==$RUFF_VERSION" "mypy==$MYPY_VERSION")"
V313="$(venv_for 3.13 "${PINS[@]}")"

for venv in "$V311" "$V313"; do
  echo "== pytest ($("$venv/bin/python" --version))"
  "$venv/bin/python" -m pytest -q -p no:cacheprovider test/python || status=1
done
echo "== ruff check"
"$V311/bin/ruff" check --no-cache --config lambda/python/pyproject.toml lambda/python test/python || status=1
echo "== mypy --strict"
"$V311/bin/mypy" --config-file lambda/python/pyproject.toml --no-incremental lambda/python/sqs_backoff test/python || status=1
exit "$status"

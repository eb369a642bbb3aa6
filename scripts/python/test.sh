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

INSTALLER="python checks"
# shellcheck source=venv.sh
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"

cd "$ROOT"
# No __pycache__ inside lambda/python: the construct ships that folder as a layer.
export PYTHONDONTWRITEBYTECODE=1
status=0
PINS=("pytest==$PYTEST_VERSION")
V311="$(venv_for .venv-python3.11 3.11 "${PINS[@]}" "ruff==$RUFF_VERSION" "mypy==$MYPY_VERSION")"
V313="$(venv_for .venv-python3.13 3.13 "${PINS[@]}")"

for venv in "$V311" "$V313"; do
  echo "== pytest ($("$venv/bin/python" --version))"
  "$venv/bin/python" -m pytest -q -p no:cacheprovider test/python || status=1
done
echo "== ruff check"
"$V311/bin/ruff" check --no-cache --config lambda/python/pyproject.toml lambda/python test/python bench/python || status=1
echo "== mypy --strict"
"$V311/bin/mypy" --config-file lambda/python/pyproject.toml --no-incremental lambda/python/sqs_backoff test/python || status=1
exit "$status"

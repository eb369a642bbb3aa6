#!/usr/bin/env bash
# The Python rows of `npm run bench`: bench/python/overhead.py in the git-ignored virtualenv
# .venv-bench-python (Python 3.13, Lambda's default Python runtime) with Powertools for AWS Lambda
# (Python) pinned: the peer the runtime is measured against. Arguments go to overhead.py; prints its JSON.
set -euo pipefail

POWERTOOLS_VERSION="3.37.0"

INSTALLER="python bench"
# shellcheck source=venv.sh
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"

VENV="$(venv_for .venv-bench-python 3.13 "aws-lambda-powertools==$POWERTOOLS_VERSION")"
cd "$ROOT"
# sqs_backoff as a layer would hold it, compiled (as Powertools is in site-packages), outside the
# tree: lambda/python is the layer's source and stays free of __pycache__.
LAYER="$VENV/layer"
rm -rf "$LAYER"
mkdir -p "$LAYER"
cp -R lambda/python/sqs_backoff "$LAYER/"
"$VENV/bin/python" -m compileall -q "$LAYER" >&2
PYTHONPATH="$LAYER" exec "$VENV/bin/python" bench/python/overhead.py "$@"

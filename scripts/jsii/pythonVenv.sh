#!/usr/bin/env bash
# The git-ignored virtualenv the Python smoke app runs in: the pinned Python aws-cdk-lib and
# constructs (PyPI's newest aws-cdk-lib is 2.275.0, one minor behind the npm 2.276.0 this
# repository builds with), then the freshly built cdk-sqs-backoff wheel, reinstalled each run.
# Usage: scripts/jsii/pythonVenv.sh VENV WHEEL   (prints the wheel's pip install seconds last)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
INSTALLER=jsii-python-venv
# shellcheck source=../lib/pipVenv.sh
source "$here/../lib/pipVenv.sh"
venv="$1"
wheel="$2"
pins=(aws-cdk-lib==2.275.0 constructs==10.8.1 jsii==1.142.0)
if [[ "$(venv_package_version "$venv" aws-cdk-lib || true)" != "2.275.0" ]]; then
  require_python "${PYTHON:-python3}" 3.10 aws-cdk-lib
  pip_venv_install "$venv" "${PYTHON:-python3}" 3.10 "${pins[@]}"
fi
start=$(date +%s.%N)
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet --no-deps --force-reinstall "$wheel"
end=$(date +%s.%N)
"$venv/bin/python" -m pip check >/dev/null || die "pip check fails in $venv after installing $wheel"
echo "pip-install-seconds $(echo "$end - $start" | bc)"

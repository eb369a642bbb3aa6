# shellcheck shell=bash
# Sourced by the installers of the pinned Python tools (cfn-lint, MiniStack, LocalStack): a
# project-local virtualenv with a new enough Python, and the pins pip-installed into it. Each
# installer keeps its pins (the one place they are written); INSTALLER names it in messages.

die() { echo "${INSTALLER:-install}: $*" >&2; exit 1; }

# python_at_least PY 3.10 — whether PY runs and is at least that version.
python_at_least() {
  local major="${2%%.*}" minor="${2#*.}"
  "$1" -c "import sys; sys.exit(0 if sys.version_info >= ($major, $minor) else 1)" >/dev/null 2>&1
}

# require_python PY 3.10 TOOL — dies unless PY runs, is at least 3.10 and can make a virtualenv.
require_python() {
  local py="$1" min="$2" tool="$3"
  command -v "$py" >/dev/null 2>&1 \
    || die "'$py' not found. Install Python $min+ (e.g. apt-get install python3 python3-venv) or set PYTHON=/path/to/python3."
  python_at_least "$py" "$min" \
    || die "$("$py" --version 2>&1) is too old: $tool needs Python $min+. Set PYTHON=/path/to/python3.x."
  "$py" -c 'import venv, ensurepip' 2>/dev/null \
    || die "'$py' ($("$py" --version 2>&1)) has no venv/ensurepip module. On Debian/Ubuntu: apt-get install python3-venv."
}

# venv_package_version VENV PACKAGE — the version of PACKAGE installed in VENV; fails when none.
venv_package_version() {
  [[ -x "$1/bin/python" ]] || return 1
  "$1/bin/python" -c "from importlib.metadata import version; print(version('$2'))" 2>/dev/null
}

# pip_venv_install VENV PY 3.10 PIN... — (re)creates VENV with PY when it is missing or its
# Python is older than 3.10, then pip-installs the pins into it.
pip_venv_install() {
  local venv="$1" py="$2" min="$3"
  shift 3
  if [[ -x "$venv/bin/python" ]] && ! python_at_least "$venv/bin/python" "$min"; then
    echo "recreating $venv: its Python is older than $min"
    rm -rf "$venv"
  fi
  if [[ ! -x "$venv/bin/python" ]]; then
    echo "creating virtualenv $venv with $py ($("$py" --version 2>&1))"
    "$py" -m venv "$venv" || die "'$py -m venv $venv' failed (on Debian/Ubuntu: apt-get install python3-venv)."
  fi
  "$venv/bin/python" -m pip --version >/dev/null 2>&1 || die "pip is missing in $venv. Delete $venv and retry."
  echo "installing $* into $venv"
  "$venv/bin/python" -m pip install --disable-pip-version-check --quiet "$@" || die "pip install $* failed (is PyPI reachable?)."
}

# install_pinned_package PACKAGE VERSION VENV 3.10 [--print-version] — the whole installer of a
# one-package tool: prints VERSION with --print-version; otherwise does nothing when VENV holds
# PACKAGE==VERSION, or installs it there with $PYTHON (default python3) and checks the result.
install_pinned_package() {
  local package="$1" version="$2" venv="$3" min="$4" py="${PYTHON:-python3}"
  if [[ "${5:-}" == "--print-version" ]]; then echo "$version"; return 0; fi
  if [[ "$(venv_package_version "$venv" "$package" || true)" == "$version" ]]; then
    echo "$package $version already installed in $venv"
    return 0
  fi
  require_python "$py" "$min" "$package"
  pip_venv_install "$venv" "$py" "$min" "$package==$version"
  [[ "$(venv_package_version "$venv" "$package" || true)" == "$version" ]] || die "after install, $venv does not report $package $version."
  echo "$package $version installed in $venv"
}

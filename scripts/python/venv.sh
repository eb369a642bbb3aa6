# shellcheck shell=bash
# Sourced by scripts/python/test.sh and bench.sh: a git-ignored virtualenv per Python version with
# pinned packages, (re)installed only when the pins change.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
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

# venv_for DIR 3.11 PIN... — the virtualenv DIR (under the project root) with that Python and the pins; prints its path.
venv_for() {
  local venv="$ROOT/$1" version="$2"
  shift 2
  local stamp="$venv/.pins" want="$*"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$venv/bin/python" ]]; then
    echo "$venv"
    return 0
  fi
  local py
  py="$(find_python "$version")"
  require_python "$py" "$version" "$INSTALLER" >&2
  pip_venv_install "$venv" "$py" "$version" "$@" >&2
  echo "$want" >"$stamp"
  echo "$venv"
}

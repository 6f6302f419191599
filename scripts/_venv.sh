# Sourced by the scripts: create .venv with Python 3.12+ if missing, and install the project into it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
find_python() {
  for candidate in "${PYTHON:-}" "$(pyenv root 2>/dev/null)/versions/3.12.1/bin/python" python3.13 python3.12 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Cần Python ≥ 3.12 (pyenv install 3.12.1, hoặc đặt PYTHON=/đường/dẫn/python)" >&2; return 1
}
if [ ! -x .venv/bin/python ]; then
  "$(find_python)" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
# Re-install only when the dependency list changed since the last install.
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)-${KC_EXTRAS:-base}
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet -e ".${KC_EXTRAS:+[$KC_EXTRAS]}"
  rm -f .venv/.installed-*; touch "$stamp"
fi

#!/usr/bin/env bash
# Create .venv and install the pinned packages; re-installs only when a requirements file changed.
# Usage: scripts/setup_env.sh [requirements.txt|requirements-dev.txt]
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-requirements.txt}"
python_bin="$(command -v python3.11 || command -v python3)"
if ! "$python_bin" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))'; then
    echo "需要 Python 3.11 或更高版本（找到 $("$python_bin" --version)）" >&2
    exit 1
fi
[ -x .venv/bin/python ] || "$python_bin" -m venv .venv
stamp=".venv/.installed-$(basename "$requirements" .txt)"
digest="$(cat requirements*.txt | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r "$requirements"
    echo "$digest" > "$stamp"
fi

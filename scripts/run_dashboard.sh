#!/usr/bin/env bash
# Start the dashboard on http://localhost:8501 (builds the demo warehouse on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh requirements.txt
# serve.py is `streamlit run dashboard.py` with Nagle's algorithm off (see its docstring).
exec .venv/bin/python serve.py "$@"

#!/usr/bin/env bash
# Start the dashboard on http://localhost:8501 (builds the demo warehouse on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh requirements.txt
# A warehouse written by an older version gets the summary tables it lacks (a no-op otherwise).
.venv/bin/python -m data rollups --if-missing || echo "汇总表未能重算（见上）；看板打开后会说明如何处理。" >&2
# serve.py is `streamlit run dashboard.py` with Nagle's algorithm off (see its docstring).
exec .venv/bin/python serve.py "$@"

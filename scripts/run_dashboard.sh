#!/usr/bin/env bash
# Start the dashboard on http://127.0.0.1:8501. On first start the demo warehouse is built first,
# with its progress here, so that the address printed at the end is ready when it is printed.
# Streamlit options pass through: bash scripts/run_dashboard.sh --server.port 8600 --server.address 0.0.0.0
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh requirements.txt
.venv/bin/python -m data build --if-missing
# A warehouse written by an older version gets the summary tables it lacks (a no-op otherwise).
.venv/bin/python -m data rollups --if-missing || echo "汇总表未能重算（见上）；看板打开后会说明如何处理。" >&2
# serve.py is `streamlit run dashboard.py` with Nagle's algorithm off (see its docstring).
exec .venv/bin/python serve.py "$@"

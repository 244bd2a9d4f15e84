#!/usr/bin/env bash
# Start the dashboard on http://localhost:8501 (builds the demo warehouse on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh requirements.txt
exec .venv/bin/streamlit run dashboard.py "$@"

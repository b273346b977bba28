#!/usr/bin/env bash
# Set up, build the demo database from the synthetic generator (once), open the dashboard.
# It listens on this computer only (127.0.0.1): open http://localhost:8501. To serve other computers,
# set JB_ADRES (e.g. JB_ADRES=0.0.0.0) or pass --server.address yourself; later options win.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/python -m kpi demo
exec .venv/bin/python -m kpi serve --server.headless true --server.address "${JB_ADRES:-127.0.0.1}" "$@"

#!/usr/bin/env bash
# Set up, build the demo database from the synthetic generator (once), open the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/python -m kpi demo
exec .venv/bin/python -m kpi serve --server.headless true "$@"

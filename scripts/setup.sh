#!/usr/bin/env bash
# Create .venv and install the pinned requirements (idempotent, quiet when up to date).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
    echo "$want" > "$stamp"
fi
# WeasyPrint (the municipal snapshot PDF) draws text with Pango and embeds the Liberation fonts.
# (grep without -q reads all its input: with pipefail, -q could fail the pipeline on SIGPIPE)
if ! ldconfig -p | grep libpango-1.0 >/dev/null || ! fc-list 2>/dev/null | grep -i "Liberation Sans" >/dev/null; then
    echo "Pango en Liberation-lettertypen installeren (Debian-pakketten) voor de snapshot-PDF..."
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fontconfig >/dev/null
fi

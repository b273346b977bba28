#!/usr/bin/env bash
# Set up and run the full test suite, browser tests included (Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ ! -x /usr/bin/chromium ]; then
    echo "chromium installeren (Debian-pakket) voor de browsertests..."
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# The OpenID Connect provider of the OIDC browser test (tests/oidc): npm's certified oidc-provider,
# pinned by its package-lock.json, installed from the npm registry here and never at test time.
if ! command -v npm >/dev/null; then
    echo "node en npm installeren (Debian-pakketten) voor de OIDC- en toegankelijkheidstests..."
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
# The same for axe-core, the accessibility check of the browser tests (tests/axe, docs/toegankelijkheid.md).
for dir in tests/oidc tests/axe; do
    lock=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
    if [ "$(cat "$dir/node_modules/.jb-lock.sha256" 2>/dev/null)" != "$lock" ]; then
        npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
        echo "$lock" > "$dir/node_modules/.jb-lock.sha256"
    fi
done
exec .venv/bin/python -m pytest "$@"

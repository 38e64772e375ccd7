#!/usr/bin/env bash
# Sets up this machine for the page only (scripts/setup.sh web), builds the web version and
# serves it at http://localhost:8080 (PORT=... to change the port). Stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh web
scripts/build.sh app-web
port=${PORT:-8080}
echo
echo "ConvScope is served at http://localhost:$port/  (files: build/web/dist, Ctrl+C stops)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory build/web/dist

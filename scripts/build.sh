#!/usr/bin/env bash
# Configures and builds ConvScope: `native` (core, CLI, desktop app, tests), `web`
# (WebAssembly app in build/web/dist and the core tests for Node), or both (default).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NODE_PATH=/usr/share/nodejs   # Debian's emcc needs Debian's acorn module
targets=${*:-native web}
for target in $targets; do
    case $target in
        native)
            [ -f build/native/build.ninja ] || cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release
            cmake --build build/native ;;
        web)
            [ -f build/web/build.ninja ] || emcmake cmake -S . -B build/web -G Ninja -DCMAKE_BUILD_TYPE=Release
            cmake --build build/web ;;
        *) echo "build.sh: unknown target '$target' (native, web)" >&2; exit 2 ;;
    esac
done

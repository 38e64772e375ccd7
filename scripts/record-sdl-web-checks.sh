#!/usr/bin/env bash
# Runs SDL2's configure checks for WebAssembly (about 5 minutes) and records their answers in
# cmake/sdl2-web/checks.cmake, so that scripts/setup.sh builds SDL2 without running them.
# Needed only when the SDL2 source package or Emscripten changes.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${CONVSCOPE_CACHE:-$HOME/.cache/convscope}
sdl_source=$cache/src/SDL2-2.26.5
export NODE_PATH=/usr/share/nodejs
[ -d "$sdl_source" ] || { echo "record-sdl-web-checks: run scripts/setup.sh web first ($sdl_source missing)" >&2; exit 1; }
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
emcmake cmake -DCONVSCOPE_RECORDING_SDL_CHECKS=ON -C "$here/cmake/sdl2-web/options.cmake" \
    -S "$sdl_source" -B "$build" -G Ninja >/dev/null
out=$here/cmake/sdl2-web/checks.cmake
{
    echo "# Answers of SDL2 2.26.5's configure checks under Debian's Emscripten $(emcc --version | sed -n '1s/.* \([0-9][0-9.]*\) .*/\1/p')."
    echo "# Written by scripts/record-sdl-web-checks.sh; do not edit by hand."
    sed -nE 's/^((HAVE_[A-Za-z0-9_]+|LIBC_IS_GLIBC|STDC_HEADERS)):INTERNAL=(.*)$/set(\1 "\3" CACHE INTERNAL "")/p' \
        "$build/CMakeCache.txt"
} >"$out"
echo "record-sdl-web-checks: $(grep -c '^set(' "$out") answers in $out"

#!/usr/bin/env bash
# Configures and builds ConvScope: `native` (core, CLI, desktop app, tests), `web`
# (WebAssembly app in build/web/dist and the core tests for Node), `sanitize` (core, CLI
# and tests under AddressSanitizer and UndefinedBehaviorSanitizer), `fuzz` (clang,
# libFuzzer target), `app-web` (only the page in build/web/dist, for serving);
# default: native and web.
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
            emcmake cmake -S . -B build/web -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONVSCOPE_BUILD_TESTS=ON >/dev/null
            cmake --build build/web ;;
        app-web)
            # Configured without the tests on a machine set up for the page only (their
            # configuration needs Catch2 and clang-format); a later `web` build adds them.
            [ -f build/web/build.ninja ] || emcmake cmake -S . -B build/web -G Ninja -DCMAKE_BUILD_TYPE=Release \
                -DCONVSCOPE_BUILD_TESTS=OFF
            cmake --build build/web --target convscope_web web_shell ;;
        sanitize)
            [ -f build/sanitize/build.ninja ] || cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
                -DCONVSCOPE_SANITIZE=ON -DCONVSCOPE_BUILD_APP=OFF
            cmake --build build/sanitize --target core_tests convscope ;;
        fuzz)
            [ -f build/fuzz/build.ninja ] || CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja \
                -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONVSCOPE_FUZZ=ON -DCONVSCOPE_BUILD_APP=OFF
            cmake --build build/fuzz --target fuzz_eval ;;
        *) echo "build.sh: unknown target '$target' (native, web, app-web, sanitize, fuzz)" >&2; exit 2 ;;
    esac
done

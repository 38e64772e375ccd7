#!/usr/bin/env bash
# Installs what ConvScope needs on a Debian bookworm machine and prepares the dependency
# cache: Debian packages, the Dear ImGui, SDL2 and protobuf source packages, SDL2 and
# protobuf-lite built for WebAssembly, and playwright-core and axe-core from npm. Idempotent: a second run only checks.
#   scripts/setup.sh web   only what building and serving the page needs (scripts/serve.sh)
#   scripts/setup.sh       everything: also the native build, the tests and the benchmarks
set -euo pipefail
scope=${1:-all}
case $scope in web|all) ;; *) echo "usage: scripts/setup.sh [web]" >&2; exit 2 ;; esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${CONVSCOPE_CACHE:-$HOME/.cache/convscope}
export NODE_PATH=/usr/share/nodejs
say() { printf '[setup] %s\n' "$*"; }

imgui_version=1.86
sdl_version=2.26.5
protobuf_version=3.21.12
# The page: Emscripten (with clang, binaryen and node), CMake, the JSON library, the fonts,
# terser (the page's JavaScript is minified, cmake/minify_page.mjs), and protoc with ONNX's
# onnx.proto (the model reader, core/onnx).
packages=(cmake ninja-build emscripten nlohmann-json3-dev fonts-dejavu-core python3-fonttools xz-utils node-terser
          protobuf-compiler libonnx-dev)
# Everything else: the native build, the desktop program, the tests and the benchmarks.
if [ "$scope" = all ]; then
    packages+=(build-essential pkg-config clang clang-format libclang-rt-14-dev
               libsdl2-dev libprotobuf-dev libatk1.0-dev libatk-bridge2.0-dev catch2 libstb-dev python3-pil
               chromium xvfb xdotool dbus at-spi2-core python3-pyatspi lintian desktop-file-utils man-db xclip debootstrap
               python3-torch python3-torchvision python3-numpy python3-onnx wabt)
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Debian packages (binary).
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
    say "Debian packages present (${#packages[@]})"
fi

# 2. Debian source packages: Dear ImGui (web and desktop), SDL2 and protobuf (web only).
src_list=/etc/apt/sources.list.d/convscope-debian-src.sources
have_deb_src() { grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ || grep -qs '^deb-src' /etc/apt/sources.list; }
fetch_source() {  # package, unpacked folder name
    local pkg=$1 dir=$2
    [ -d "$cache/src/$dir" ] && return 0
    if ! have_deb_src; then
        say "adding a deb-src entry ($src_list)"
        printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
            | as_root tee "$src_list" >/dev/null
        as_root apt-get update -q
    fi
    say "fetching Debian source package $pkg"
    local tmp; tmp=$(mktemp -d)
    (cd "$tmp" && apt-get source --download-only "$pkg" >/dev/null 2>&1) || {
        as_root apt-get update -q
        (cd "$tmp" && apt-get source --download-only "$pkg")
    }
    mkdir -p "$cache/src"
    tar -xf "$tmp"/*.orig.tar.* -C "$cache/src"
    rm -rf "$tmp"
    [ -d "$cache/src/$dir" ] || { echo "setup: $pkg did not unpack to $dir" >&2; exit 1; }
}
fetch_source imgui "imgui-$imgui_version"
fetch_source libsdl2 "SDL2-$sdl_version"
fetch_source protobuf "protobuf-$protobuf_version"
say "sources in $cache/src"

# 3. SDL2 built for WebAssembly once, then reused: only what the page uses, with the answers
#    of SDL's configure checks given in advance (cmake/sdl2-web/options.cmake says which and why).
sdl_web=$cache/sdl2-web-$sdl_version-lean
if [ ! -f "$sdl_web/lib/libSDL2.a" ]; then
    say "building SDL2 $sdl_version for WebAssembly into $sdl_web (about 40 seconds)"
    rm -rf "$cache/sdl2-web-build"
    emcmake cmake -C "$here/cmake/sdl2-web/options.cmake" -S "$cache/src/SDL2-$sdl_version" \
        -B "$cache/sdl2-web-build" -G Ninja -DCMAKE_INSTALL_PREFIX="$sdl_web" >/dev/null
    cmake --build "$cache/sdl2-web-build" >/dev/null
    cmake --install "$cache/sdl2-web-build" >/dev/null
    rm -rf "$cache/sdl2-web-build"
else
    say "SDL2 for WebAssembly present ($sdl_web)"
fi

# 4. protobuf-lite built for WebAssembly once, then reused (the library alone, size-optimised
#    with the page's own WebAssembly features).
protobuf_web=$cache/protobuf-lite-web-$protobuf_version
if [ ! -f "$protobuf_web/lib/libprotobuf-lite.a" ]; then
    say "building protobuf-lite $protobuf_version for WebAssembly into $protobuf_web (about 40 seconds)"
    rm -rf "$cache/protobuf-web-build"
    emcmake cmake -S "$cache/src/protobuf-$protobuf_version" -B "$cache/protobuf-web-build" -G Ninja \
        -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_CXX_FLAGS="-msimd128 -fwasm-exceptions -flto" \
        -Dprotobuf_BUILD_TESTS=OFF -Dprotobuf_BUILD_PROTOC_BINARIES=OFF -Dprotobuf_BUILD_LIBPROTOC=OFF \
        -Dprotobuf_WITH_ZLIB=OFF -Dprotobuf_BUILD_SHARED_LIBS=OFF -DCMAKE_INSTALL_PREFIX="$protobuf_web" >/dev/null
    cmake --build "$cache/protobuf-web-build" --target libprotobuf-lite >/dev/null
    cmake --install "$cache/protobuf-web-build" --component libprotobuf-lite >/dev/null
    cmake --install "$cache/protobuf-web-build" --component protobuf-headers >/dev/null
    rm -rf "$cache/protobuf-web-build"
else
    say "protobuf-lite for WebAssembly present ($protobuf_web)"
fi

# 5. playwright-core for the browser tests (drives Debian's chromium; downloads no browser),
#    axe-core for their accessibility checks, and onnxruntime-node, which runs the exported
#    ONNX code (its CPU library is in the npm package; --ignore-scripts skips its optional
#    CUDA download, and playwright-core's scripts download nothing we use).
if [ "$scope" = web ]; then
    say "done (web); cache: $cache"
    exit 0
fi
if [ ! -f "$here/node_modules/playwright-core/package.json" ] || [ ! -f "$here/node_modules/axe-core/axe.min.js" ] ||
   [ ! -f "$here/node_modules/onnxruntime-node/package.json" ]; then
    say "installing npm packages (playwright-core, axe-core, onnxruntime-node)"
    (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
else
    say "npm packages present"
fi
say "done; cache: $cache"

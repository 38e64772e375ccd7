#!/usr/bin/env bash
# The native programs as an installer meets them: `cmake --install` into a temporary prefix
# and the programs run from there, outside the source tree; the Debian package that cpack
# builds, checked with dpkg-deb (its files and declared dependencies), lintian (no errors),
# desktop-file-validate, apt-get (simulated here, and for real on a clean bookworm made with
# debootstrap, as root), ldd on each extracted binary
# (every library found), and the extracted CLI and desktop program run (the desktop one under
# Xvfb, its screenshot kept). Ends with "package: N passed, M failed".
#   tests/install/package_check.sh BUILD_DIR [ARTIFACTS_DIR]
set -uo pipefail
build=$(cd "$1" && pwd)
artifacts=${2:-artifacts/package}
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/../check.sh"

# 1. cmake --install into a prefix, and the programs from there.
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log" 2>&1
prefix=$work/prefix
check "cmake --install puts both programs, their manual pages, the menu entry, the icon and the completion in a prefix" \
    '[ -x "$prefix/bin/convscope" ] && [ -x "$prefix/bin/convscope-desktop" ] &&
     [ -f "$prefix/share/man/man1/convscope.1.gz" ] && [ -f "$prefix/share/man/man1/convscope-desktop.1.gz" ] &&
     [ -f "$prefix/share/applications/convscope.desktop" ] &&
     [ -f "$prefix/share/icons/hicolor/scalable/apps/convscope.svg" ] &&
     [ -f "$prefix/share/bash-completion/completions/convscope" ]'
shape=$(cd "$work" && "$prefix/bin/convscope" shape --input 224x224 --kernel 3 --stride 2 --padding 1 2>&1)
check "the installed CLI runs outside the source tree (224, k3 s2 p1 -> 112 x 112)" \
    'grep -q "^112 x 112 " <<<"$shape"'
check "its manual page reads without warnings" \
    '[ -z "$(MANWIDTH=80 man --warnings -l "$prefix/share/man/man1/convscope.1.gz" 2>&1 >/dev/null)" ]'

# 2. The Debian package.
(cd "$build" && cpack -G DEB -B "$work/cpack") > "$work/cpack.log" 2>&1
deb=$(ls "$work"/cpack/convscope_*_amd64.deb 2>/dev/null | head -n 1)
check "cpack builds convscope_<version>_amd64.deb ($(basename "${deb:-none}"), $(stat -c %s "${deb:-/dev/null}" 2>/dev/null) bytes)" \
    '[ -n "$deb" ]'
[ -n "$deb" ] || { tail -20 "$work/cpack.log"; finish "package"; exit 1; }
contents=$(dpkg-deb -c "$deb")
for file in usr/bin/convscope usr/bin/convscope-desktop usr/share/applications/convscope.desktop \
            usr/share/icons/hicolor/scalable/apps/convscope.svg usr/share/man/man1/convscope.1.gz \
            usr/share/man/man1/convscope-desktop.1.gz usr/share/bash-completion/completions/convscope \
            usr/share/doc/convscope/copyright usr/share/doc/convscope/changelog.gz; do
    check "the package holds /$file" 'grep -q " \./$file\$" <<<"$contents"'
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "     Depends: $depends"
check "it declares its runtime libraries by name: SDL2 and OpenGL among them" \
    'grep -q "libsdl2-2.0-0" <<<"$depends" && grep -Eq "libgl1|libopengl0|libglx0" <<<"$depends"'
lintian --fail-on error --tag-display-limit 0 "$deb" > "$work/lintian.txt" 2>&1
lintian_status=$?
grep -v "running with root privileges" "$work/lintian.txt" | sed 's/^/     lintian: /'
check "lintian reports no errors" '[ "$lintian_status" -eq 0 ] && ! grep -q "^E: " "$work/lintian.txt"'
if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    simulated=$(apt-get install -s -q "$deb" 2>&1)
    check "apt-get would install it with its dependencies (simulated)" \
        'grep -q "^Inst convscope " <<<"$simulated" || grep -q "convscope is already the newest" <<<"$simulated"'
fi

# A clean Debian bookworm (debootstrap's minbase, cached as a tarball): apt-get installs the
# package there with every dependency it names, and both programs find their libraries.
if [ "$(id -u)" = 0 ] && command -v debootstrap > /dev/null; then
    cache=${CONVSCOPE_CACHE:-$HOME/.cache/convscope}
    base="$cache/bookworm-minbase.tar"
    if [ ! -s "$base" ]; then
        mkdir -p "$cache" "$work/base"
        debootstrap --variant=minbase bookworm "$work/base" http://deb.debian.org/debian \
            > "$work/debootstrap.log" 2>&1 && tar -C "$work/base" -cf "$base" . || rm -f "$base"
        rm -rf "$work/base"
    fi
    clean=$work/clean
    mkdir -p "$clean"
    if [ -s "$base" ] && tar -C "$clean" -xf "$base"; then
        cp "$deb" "$clean/tmp/" && cp /etc/resolv.conf "$clean/etc/resolv.conf"
        chroot "$clean" bash -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -q --no-install-recommends /tmp/$(basename "$deb")" \
            > "$work/clean-install.log" 2>&1
        installed=$(grep -o "[0-9]* newly installed" "$work/clean-install.log")
        check "apt-get installs it on a clean bookworm, pulling its dependencies ($installed)" \
            'chroot "$clean" dpkg-query -W -f="\${Status}" convscope 2>/dev/null | grep -q "install ok installed"'
        check "there the CLI runs and every library of both programs is found" \
            'chroot "$clean" convscope shape --input 224x224 --kernel 3 --stride 2 --padding 1 | grep -q "^112 x 112 " &&
             ! chroot "$clean" ldd /usr/bin/convscope /usr/bin/convscope-desktop | grep -q "not found"'
    else
        check "a clean bookworm to install into (debootstrap, see $work/debootstrap.log)" false
    fi
fi

# 3. The package's files as they land: the menu entry, the libraries, the programs.
dpkg -x "$deb" "$work/root"
root=$work/root
check "desktop-file-validate accepts the menu entry" \
    'desktop-file-validate "$root/usr/share/applications/convscope.desktop"'
for program in convscope convscope-desktop; do
    missing=$(ldd "$root/usr/bin/$program" | grep "not found")
    check "every library of $program is found ($(ldd "$root/usr/bin/$program" | wc -l) libraries)" \
        '[ -z "$missing" ]'
done
version=$("$root/usr/bin/convscope" --version 2>&1)
check "the extracted CLI runs ($version)" 'grep -q "^convscope [0-9]" <<<"$version"'
shot="$artifacts/installed-desktop.png"
rm -f "$shot"
xvfb-run -a -s "-screen 0 1280x800x24" "$root/usr/bin/convscope-desktop" \
    "I=5&K=3&P=1&Cin=3&dm=2&panel=channels" --frames 20 --screenshot "$shot" > "$work/desktop.log" 2>&1
check "the extracted desktop program draws under Xvfb ($(stat -c %s "$shot" 2>/dev/null) byte screenshot)" \
    '[ -s "$shot" ] && [ "$(stat -c %s "$shot")" -gt 20000 ]'

finish "package"

#!/usr/bin/env bash
# The desktop program's screen-reader bridge, as Orca would meet it: a D-Bus session with the
# accessibility bus (at-spi2-core) under Xvfb, the program started in it, and
# screen_reader.py reading and operating its tree through pyatspi. The program's state on
# exit must hold what AT-SPI set.
set -euo pipefail
app=$1
out=${2:-artifacts/desktop}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"
log="$out/desktop-screen-reader.log"
export app log here
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    /usr/libexec/at-spi-bus-launcher --launch-immediately &
    bus=$!
    "$app" "I=5&K=3&S=1&P=0" --seconds 120 --print-state > "$log" 2>&1 &
    pid=$!
    status=0
    /usr/bin/python3 "$here/screen_reader.py" || status=$?
    kill -TERM $pid; wait $pid || true
    kill $bus 2> /dev/null || true
    exit $status' 2>&1 | grep -v "^dbus-daemon\|Failed to set fd limit\|SpiRegistry daemon"
cat "$log"
grep -q '^state: .*&S=2&P=1&' "$log" || { echo 'the state does not hold S=2, P=1 set through AT-SPI' >&2; exit 1; }

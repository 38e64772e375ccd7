#!/usr/bin/env bash
# The desktop build with the keyboard alone, in a real window under Xvfb: real key presses
# (xdotool, through the X server's XTEST extension) Tab 13 times from the start to the stride
# slider and press Right. The program prints its state on exit: the stride must be 2. The
# last frame must show the focus ring around the stride slider.
set -euo pipefail
app=$1
out=${2:-artifacts/desktop}
mkdir -p "$out"
shot="$out/desktop-keyboard.png"
log="$out/desktop-keyboard.log"
rm -f "$shot" "$log"
export app shot log
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    "$app" "I=5&K=3&S=1&P=0" --seconds 10 --print-state --screenshot "$shot" > "$log" 2>&1 &
    pid=$!
    window=$(xdotool search --sync --name ConvScope | head -1)
    xdotool windowfocus --sync "$window" 2> /dev/null || true
    sleep 1
    for i in $(seq 13); do xdotool key --delay 100 Tab; done
    xdotool key --delay 100 Right
    wait $pid'
cat "$log"
grep -q '^state: .*&S=2&' "$log" || { echo 'Tab x13 and Right did not set the stride to 2' >&2; exit 1; }
/usr/bin/python3 - "$shot" <<'PY'
import sys
from PIL import Image
image = Image.open(sys.argv[1]).convert('RGB')
# The focus ring (the dark theme's ImGuiCol_NavHighlight, 66 150 250) just above the stride
# slider, which spans x 16-240, y 270-294 at this size (the browser test reads the same
# rectangle from the control list).
ring = (66, 150, 250)
count = sum(1 for x in range(20, 236) for y in range(262, 272)
            if all(abs(a - b) <= 12 for a, b in zip(image.getpixel((x, y)), ring)))
print(f'desktop keyboard: {count} focus-ring pixels above the stride slider')
assert count >= 150, 'no focus ring around the stride slider'
PY

#!/usr/bin/env bash
# Starts the desktop build in a real window under Xvfb, draws 30 frames, saves the last
# one as PNG and checks that the picture is not blank (several distinct colours). A second
# run starts on a 32x32 input, whose grids are heat maps drawn by shaders/heat_map.*: the
# shaders must compile (the program says so on stderr when they do not) and the picture
# must hold the colour map's end colour.
set -euo pipefail
app=$1
out=${2:-artifacts/desktop}
mkdir -p "$out"
shot="$out/desktop.png"
rm -f "$shot"
xvfb-run -a -s "-screen 0 1280x800x24" "$app" --frames 30 --screenshot "$shot"
/usr/bin/python3 - "$shot" <<'PY'
import sys
from PIL import Image
image = Image.open(sys.argv[1]).convert('RGB')
colours = image.getcolors(maxcolors=1 << 20) or []
print(f'desktop screenshot {image.width}x{image.height}, {len(colours)} distinct colours')
assert image.width >= 640 and image.height >= 400, 'window too small'
assert len(colours) >= 8, 'the window looks blank'
PY

heat="$out/desktop-heat-map.png"
log="$out/desktop-heat-map.log"
rm -f "$heat"
xvfb-run -a -s "-screen 0 1280x800x24" "$app" 'I=32x32&K=3&S=1&P=2&D=1&input=ramp' \
    --frames 30 --screenshot "$heat" 2> "$log" || { cat "$log" >&2; exit 1; }
cat "$log" >&2
if grep -q 'shaders/' "$log"; then
    echo 'the heat-map shaders did not compile' >&2
    exit 1
fi
/usr/bin/python3 - "$heat" <<'PY'
import sys
from PIL import Image
image = Image.open(sys.argv[1]).convert('RGB')
# The ramp's last stop (kColourStops in src/app/widgets/heat_map.h): the input's and the output's
# bottom rows.
end = (253, 231, 37)
count = sum(n for n, c in image.getcolors(maxcolors=1 << 20) if all(abs(a - b) <= 4 for a, b in zip(c, end)))
print(f'desktop heat map {image.width}x{image.height}, {count} pixels of the ramp\'s end colour')
assert count >= 500, 'no heat map in the picture'
PY

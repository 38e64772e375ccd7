#!/usr/bin/env bash
# Starts the desktop build in a real window under Xvfb, draws 30 frames, saves the last
# one as PNG and checks that the picture is not blank (several distinct colours).
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

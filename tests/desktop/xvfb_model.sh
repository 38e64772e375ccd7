#!/usr/bin/env bash
# The desktop program opens a model named on its command line: torchvision's ResNet-18
# (random weights, exported by tests/models/export_models.py) in a real window under Xvfb.
# The explorer must show the Your model panel with the model's 65 nodes analysed (the status
# line, printed on exit) and the selected node's field drawn in the tap colour; a file that
# is not a model must give a message, not a crash.
set -euo pipefail
app=$1
out=${2:-artifacts/desktop}
models=${3:-$out/models}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
/usr/bin/python3 "$here/../models/export_models.py" "$models" resnet18:13
shot="$out/desktop-model.png"
rm -f "$shot"
log=$(xvfb-run -a -s "-screen 0 1280x800x24" "$app" "$models/resnet18.onnx" --frames 30 --print-state --screenshot "$shot")
echo "$log"
grep -q '^state: .*rf_panel=model' <<< "$log" || { echo 'the model did not open the Your model panel' >&2; exit 1; }
grep -q '^status: resnet18.onnx: 65 nodes analysed on a 1x3x224x224 input.$' <<< "$log" ||
    { echo 'the status line does not say that 65 nodes were analysed' >&2; exit 1; }
/usr/bin/python3 - "$shot" <<'PY'
import sys
from PIL import Image
image = Image.open(sys.argv[1]).convert('RGB')
# The field on the input is filled with the taps' yellow (the dark theme's tap colour).
tap = (255, 214, 10)
count = sum(1 for x in range(0, image.width, 2) for y in range(0, image.height, 2)
            if all(abs(a - b) <= 24 for a, b in zip(image.getpixel((x, y)), tap)))
print(f'desktop model: {count * 4} pixels of the field drawn on the input')
# The input fills about 100 x 100 pixels of the 200-pixel picture (layer4's field, 435
# cells, spans the whole picture; the 224 cells of the input lie inside it).
assert count * 4 >= 8000, 'no field drawn on the input'
PY
printf 'these are my notes, not a model\n' > "$models/notes.onnx"
log=$(xvfb-run -a -s "-screen 0 1280x800x24" "$app" "$models/notes.onnx" --frames 10 --print-state)
echo "$log"
grep -q '^status: this is not an ONNX model' <<< "$log" ||
    { echo 'a text file did not give its message' >&2; exit 1; }

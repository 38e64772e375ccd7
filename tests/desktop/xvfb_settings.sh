#!/usr/bin/env bash
# The desktop program as a program: it remembers its window size, zoom and state (theme
# included) between runs in its settings file, starts from the defaults when that file is
# damaged, follows the screen's scale, and answers Ctrl+Q (quit, saving), Ctrl+O (the explorer's Open model) and Ctrl+C
# (the link on the clipboard), pressed for real with xdotool under Xvfb.
# Ends with "desktop settings: N passed, M failed".
set -uo pipefail
app=$1
out=${2:-artifacts/desktop}
mkdir -p "$out"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/../check.sh"
run() { xvfb-run -a -s "-screen 0 1280x800x24" "$app" --settings-dir "$dir" "$@" 2>&1; }

# A run remembers its state and window; the next run without a state starts from them.
run "I=9&K=5&theme=light&panel=dilation" --frames 5 > /dev/null
check "the settings file holds the state, theme included, and the window size" \
    'grep -q "\"link\": \".*theme=light.*I=9&K=5" "$dir/settings.json" && grep -q "\"width\": 1280" "$dir/settings.json"'
state=$(run --frames 5 --print-state | grep "^state: ")
check "the next run starts from it ($state)" \
    'grep -q "theme=light" <<<"$state" && grep -q "I=9&K=5" <<<"$state" && grep -q "panel=dilation" <<<"$state"'
# A state on the command line wins over the remembered one.
state=$(run "I=6&K=3" --frames 5 --print-state | grep "^state: ")
check "a state given on the command line wins, with the remembered theme ($state)" \
    'grep -q "I=6&K=3" <<<"$state" && grep -q "theme=light" <<<"$state"'
# The window size comes back too.
printf '{"width": 1000, "height": 700, "zoom": 1.2, "link": "I=7"}\n' > "$dir/settings.json"
run --frames 5 --screenshot "$dir/size.png" > /dev/null
size=$(/usr/bin/python3 -c "from PIL import Image; print('%dx%d' % Image.open('$dir/size.png').size)")
check "a remembered 1000x700 window opens at that size ($size)" '[ "$size" = "1000x700" ]'
check "and the zoom is saved again (1.2)" 'grep -q "\"zoom\": 1.2" "$dir/settings.json"'
# A damaged file: a message naming it, the defaults, and a good file written on exit.
echo 'not json' > "$dir/settings.json"
output=$(run --frames 3 --print-state)
check "a damaged settings file is named and the defaults used" \
    'grep -q "settings.json is not a JSON object" <<<"$output" && grep -q "^state: .*I=5&K=3" <<<"$output"'
check "and rewritten on exit" '/usr/bin/python3 -c "import json; json.load(open(\"$dir/settings.json\"))"'

# Keys pressed for real: Ctrl+C copies the link, Ctrl+O opens the Open model action, Ctrl+Q
# quits at once (the run would otherwise last 30 seconds) and still saves.
export app dir
start=$(date +%s)
output=$(xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    "$app" --settings-dir "$dir" "I=8&K=3&S=2" --seconds 30 --print-state > "$dir/keys.log" 2>&1 &
    pid=$!
    window=$(xdotool search --sync --name ConvScope | head -1)
    xdotool windowfocus --sync "$window" 2> /dev/null || true
    sleep 1
    xdotool key --delay 200 ctrl+c
    sleep 0.5
    echo "clipboard: $(xclip -selection clipboard -o 2>/dev/null)"
    xdotool key --delay 300 ctrl+o
    sleep 0.5
    xdotool key --delay 200 ctrl+q
    wait $pid
    echo "exit: $?"')
seconds=$(($(date +%s) - start))
cat "$dir/keys.log"
echo "$output"
check "Ctrl+C puts the link on the clipboard" \
    'grep -q "^clipboard: convscope-desktop .*I=8&K=3&S=2" <<<"$output"'
check "Ctrl+O shows the explorer's Your model panel" \
    'grep -q "^state: .*view=rf.*rf_panel=model" "$dir/keys.log"'
check "Ctrl+Q quits at once ($seconds s of 30) with status 0, and the state is saved" \
    '[ "$seconds" -lt 20 ] && grep -q "^exit: 0" <<<"$output" && grep -q "rf_panel=model" "$dir/settings.json"'
# The screen's scale: GDK_SCALE=2 on a 2560x1600 screen opens a 2560x1600 window drawn at 2x.
output=$(GDK_SCALE=2 xvfb-run -a -s "-screen 0 2560x1600x24" "$app" --forget --frames 5 --print-state \
    --screenshot "$out/desktop-scale2.png" 2>&1)
size=$(/usr/bin/python3 -c "from PIL import Image; print('%dx%d' % Image.open('$out/desktop-scale2.png').size)")
check "it follows the screen's scale (GDK_SCALE=2: scale 2, a $size window)" \
    'grep -q "^screen scale: 2$" <<<"$output" && [ "$size" = "2560x1600" ]'
# A counted run without --settings-dir leaves the user's settings alone.
home=$(mktemp -d)
XDG_CONFIG_HOME=$home/config xvfb-run -a -s "-screen 0 1280x800x24" "$app" "I=9" --frames 3 > /dev/null 2>&1
check "a test run without --settings-dir writes no settings" '[ ! -e "$home/config/convscope" ]'
rm -rf "$home"
finish "desktop settings"

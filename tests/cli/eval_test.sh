#!/usr/bin/env bash
# `convscope eval` as scripts use it: one response line per request line, in order, errors
# answered and skipped past, exit 0 when every line was answered and 2 on unreadable input;
# and the table commands.  usage: eval_test.sh CONVSCOPE_COMMAND...
set -uo pipefail
cli=("$@")
source "$(dirname "${BASH_SOURCE[0]}")/../check.sh"
out=$(printf '%s\n' '{"op":"shape","input":[224],"layer":{"kernel":3,"stride":2,"padding":1}}' \
    'not json' '' '{"op":"shape","input":[5],"layer":{"kernel":9}}' '{"op":"version"}' | "${cli[@]}" eval)
status=$?
check "exit status 0 when every line is answered" '[ $status -eq 0 ]'
check "one response per non-blank line" '[ "$(printf "%s\n" "$out" | wc -l)" -eq 4 ]'
check "responses keep the request order" '[ "$(printf "%s\n" "$out" | sed -n 1p)" = "{\"effective_kernel\":[3],\"output\":[112],\"pads\":[[1,1]]}" ]'
check "a malformed line gets an error and the next line is answered" \
    'printf "%s\n" "$out" | sed -n 2p | grep -q "malformed JSON" && printf "%s\n" "$out" | sed -n 3p | grep -q "Kernel size"'
check "a last line without a newline is answered" \
    '[ "$(printf "%s" "{\"op\":\"version\"}" | "${cli[@]}" eval | grep -c version)" -eq 1 ]'
"${cli[@]}" eval < / > /dev/null 2>&1
status=$?
check "exit status 2 when standard input cannot be read" '[ $status -eq 2 ]'
big=$(head -c 17000000 /dev/zero | tr '\0' ' ')
check "a line beyond the request limit is refused, not stored" \
    '[ "$(printf "%s\n{\"op\":\"version\"}\n" "$big" | "${cli[@]}" eval | head -1 | grep -c "longer than the limit")" -eq 1 ]'
table=$("${cli[@]}" pad --input 100,20 --target 100,20 --kernel 4,1)
check "convscope pad prints the Keras-same pads as a table" 'printf "%s\n" "$table" | grep -q "\[1, 2\] x \[0, 0\]"'
code=$("${cli[@]}" code --input 100,20 --kernel 4,1 --padding same --rule tensorflow --out 32 --framework pytorch)
check "convscope code prints the Keras-same layer as F.pad-ordered PyTorch" \
    'printf "%s\n" "$code" | grep -q "nn.ZeroPad2d((0, 0, 1, 2))" && ! printf "%s\n" "$code" | grep -q "import tensorflow"'
check "convscope code without --framework prints all three" \
    '[ "$("${cli[@]}" code --input 8 --kernel 3 | grep -c "^# ---- ")" -eq 3 ]'
"${cli[@]}" shape --input 5 --kernel 9 > /dev/null 2>&1
status=$?
check "a refused table command exits 1 with the reason" '[ $status -eq 1 ]'
tokens=$("${cli[@]}" rf --input 224x224 --stack "c3p1;c3p1;m2")
fomoro=$("${cli[@]}" rf --input 224,224 --stack "3,1,1,1;3,1,1,1;2,2,1,0")
check "convscope rf reads the links' stack tokens and 224x224 as the fomoro form and 224,224 do" \
    '[ "$tokens" = "$fomoro" ] && printf "%s\n" "$tokens" | grep -q "^3 .*112 x 112  6 x 6"'
error=$("${cli[@]}" rf --input 32 --stack "c3p1;q2" 2>&1)
status=$?
check "a bad stack token exits 1 naming the token and the letters" \
    '[ $status -eq 1 ] && printf "%s\n" "$error" | grep -q "layer .q2.: starts with c (conv), t (transposed conv), m (max pool), a (avg pool), n (nearest up), b (linear up), x (pixel shuffle) or u (pixel unshuffle)"'
check "convscope shape takes an upsampling factor with --scale, and --align-corners" \
    '"${cli[@]}" shape --input 5x5 --type upsample_linear --scale 2 --align-corners | grep -q "^10 x 10 "'
check "convscope shape takes an upsampling output size with --size, and the link key size" \
    '"${cli[@]}" shape --input 5x5 --type upsample_nearest --size 7x9 | grep -q "^7 x 9 " && "${cli[@]}" shape --link "I=5&type=upsample_linear&size=8" | grep -q "^8 x 8 "'
error=$("${cli[@]}" shape --input 5 --type upsample_nearest --scale 2 --size 7 2>&1)
status=$?
check "a factor and a size together exit 1 with PyTorch's rule" \
    '[ $status -eq 1 ] && printf "%s\n" "$error" | grep -q "scale_factor or size, not both"'
error=$("${cli[@]}" shape --input 5 --type pixel_unshuffle --scale 2 2>&1)
status=$?
check "a 1-D pixel unshuffle exits 1 with PyTorch's rule and a fix" \
    '[ $status -eq 1 ] && printf "%s\n" "$error" | grep -q "rearranges two spatial dimensions.*Fix: use a 2-D layer"'
check "convscope pad reads 100x20 and 4x1 as links write them" \
    '"${cli[@]}" pad --input 100x20 --target 100x20 --kernel 4x1 | grep -q "\[1, 2\] x \[0, 0\]"'
check "network_from_text reads stack tokens" \
    'echo "{\"op\":\"network_from_text\",\"text\":\"c3p1;m2\",\"dims\":1}" | "${cli[@]}" eval | grep -q "\"format\":\"tokens\""'
link=$("${cli[@]}" shape --link "https://example.org/convscope/#I=224&K=7&S=2&P=3&panel=steps" 2>/dev/null)
check "convscope shape reads a whole page address as the flags" \
    '[ "$link" = "$("${cli[@]}" shape --input 224x224 --kernel 7 --stride 2 --padding 3)" ] && printf "%s\n" "$link" | grep -q "^112 x 112"'
check "flags given with --link override the link's settings" \
    '"${cli[@]}" shape --link "I=224&K=7&S=2&P=3" --stride 1 | grep -q "^224 x 224"'
check "--link notes the page's own keys on standard error" \
    '"${cli[@]}" shape --link "I=8&K=3&panel=code" 2>&1 >/dev/null | grep -q "ignored .panel=code."'
check "convscope pad takes the link's input as the target unless T says" \
    '"${cli[@]}" pad --link "I=100x20&K=4x1&P=same&rule=tensorflow" | grep -q "\[1, 2\] x \[0, 0\]" && "${cli[@]}" pad --link "I=10&K=3&T=12" | grep -q "\[2, 2\]"'
check "convscope rf reads the explorer's rf_in and stack, and its presets" \
    '[ "$("${cli[@]}" rf --link "rf_in=224x224&stack=c3p1;c3p1;m2")" = "$tokens" ] && "${cli[@]}" rf --link "rf_preset=vgg16" | grep -q "212 x 212  *32 x 32"'
error=$("${cli[@]}" shape --link "I=5&S=0" 2>&1)
status=$?
check "a refused link value exits 1 naming the key and what it takes" \
    '[ $status -eq 1 ] && printf "%s\n" "$error" | grep -q "S=0. is not a valid value for S (whole numbers from 1: 3 or 3x1)"'
check "convscope pad prints each solution as F.pad's tuple, Keras' ZeroPadding and ONNX's pads" \
    '"${cli[@]}" pad --input 100x20 --target 100x20 --kernel 4x1 | grep -q "^1  \[1, 2\] x \[0, 0\]  *no  *(0, 0, 1, 2)  *((1, 2), (0, 0))  *\[1, 0, 2, 0\]"'
check "convscope rf --preset runs a preset on its own input, and --preset list names them" \
    '"${cli[@]}" rf --preset vgg16 | grep -q "^18  *7 x 7  *212 x 212" && "${cli[@]}" rf --preset list | grep -q "^vgg16 "'
model=$'Net(\n  (conv1): Conv2d(3, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))\n  (pool): MaxPool2d(kernel_size=2, stride=2, padding=0)\n)'
check "convscope rf --text - reads a pasted print(model) from standard input" \
    'printf "%s\n" "$model" | "${cli[@]}" rf --input 32x32 --text - 2>/dev/null | grep -q "^2  *8 x 8  *5 x 5  *4 x 4"'
check "--json prints one JSON object for shape, pad, rf and code" \
    'for args in "shape --input 5 --kernel 3" "pad --input 5 --target 5 --kernel 3" "rf --input 8 --stack c3" "code --input 5 --kernel 3"; do "${cli[@]}" $args --json | python3 -c "import json,sys; json.load(sys.stdin)" || exit 1; done'
"${cli[@]}" shape --kernel 3 >/dev/null 2>&1
usage_status=$?
"${cli[@]}" shape --input 5 --kernel 9 >/dev/null 2>&1
refused_status=$?
check "exit status 2 for a command line it cannot read, 1 for a refused layer" \
    '[ $usage_status -eq 2 ] && [ $refused_status -eq 1 ]'
check "each command's --help prints its usage with examples" \
    'for c in shape pad rf code eval graph; do "${cli[@]}" $c --help | grep -q "^usage: convscope $c" || exit 1; done'
finish "cli_eval"

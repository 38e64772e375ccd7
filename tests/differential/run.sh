#!/usr/bin/env bash
# The differential test: 2,000 random configurations (fixed seed) answered by PyTorch and
# by `convscope eval` (native, or the WebAssembly build under Node), compared line by line.
# usage: run.sh OUT_DIR CONVSCOPE_COMMAND...
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$1
shift
mkdir -p "$out"
oracle=(/usr/bin/python3 "$here/torch_oracle.py")
# PyTorch's answers depend only on the seed and count: generate them once per build folder.
if [ ! -s "$out/expected.jsonl" ] || [ "$here/torch_oracle.py" -nt "$out/expected.jsonl" ]; then
    "${oracle[@]}" generate --count 2000 --seed 1 --out-cases "$out/cases.jsonl" --out-expected "$out/expected.jsonl"
fi
"$@" eval < "$out/cases.jsonl" > "$out/responses.jsonl"
"${oracle[@]}" compare --cases "$out/cases.jsonl" --expected "$out/expected.jsonl" --responses "$out/responses.jsonl"

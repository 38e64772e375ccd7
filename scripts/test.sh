#!/usr/bin/env bash
# Sets up this machine, builds the native and web versions and runs every test: the core
# tests natively, under Node and under AddressSanitizer/UBSan, the differential test
# against PyTorch (native and wasm), a brief fuzzing run of the JSON entry point, the
# desktop app under Xvfb and the page in headless Chromium.
# Ends with one line: "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh || exit 1
scripts/build.sh native web sanitize fuzz || exit 1

passed=0; failed=0
run_suite() {  # build folder [ctest options]
    local log; log=$(mktemp)
    ctest --test-dir "$@" --output-on-failure 2>&1 | tee "$log"
    local summary; summary=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -n 1)
    if [ -z "$summary" ]; then
        failed=$((failed + 1))
    else
        local total bad
        total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
        bad=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$summary")
        passed=$((passed + total - bad)); failed=$((failed + bad))
    fi
    rm -f "$log"
}
run_suite build/native
run_suite build/web
run_suite build/sanitize
run_suite build/fuzz -R fuzz_eval
echo
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

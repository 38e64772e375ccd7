# The shell tests' checks, sourced: `check DESCRIPTION TEST` evaluates TEST and prints
# "ok   DESCRIPTION" or "FAIL DESCRIPTION"; `finish NAME` prints "NAME: N passed, M failed"
# and returns 1 when any check failed.
passed=0
failed=0
check() {
    if eval "$2"; then
        echo "ok   $1"
        passed=$((passed + 1))
    else
        echo "FAIL $1"
        failed=$((failed + 1))
    fi
}
finish() {
    echo "$1: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
